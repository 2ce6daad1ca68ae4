# Shared by the experiment scripts: the CLI from the sources, the environments, the model size.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOOLGYM=(npx tsx scripts/experiments/toolgym.mts)
EXP=${EXP:-runs/exp}
N_TRAIN=${N_TRAIN:-3000}
mkdir -p "$EXP"

# Two scenarios a 1 M-parameter model can learn in minutes on two cores: one call, or
# independent calls in parallel; no distractor tools or parameter generalization (--complexity
# none). Two held-out sets:
# - envs-test.jsonl, the test split: entities (people, companies, …) never seen in training, so
#   the model must copy their names from the question;
# - envs-heldout.jsonl, 200 environments of the training world that training never sees (new
#   questions and tool sets; the entities may appear in training): the build of N_TRAIN + 200
#   environments begins with the N_TRAIN of envs-train.jsonl (same seed, same sequence).
build_envs() {
  local build=(envs build --seed 1 --complexity none --scenarios single_hop,parallel_single_hop)
  if [ ! -s "$EXP/envs-train.jsonl" ] || [ ! -s "$EXP/envs-heldout.jsonl" ]; then
    "${TOOLGYM[@]}" "${build[@]}" --count $((N_TRAIN + 200)) --split train --out "$EXP/envs-world.jsonl"
    head -n "$N_TRAIN" "$EXP/envs-world.jsonl" > "$EXP/envs-train.jsonl"
    tail -n 200 "$EXP/envs-world.jsonl" > "$EXP/envs-heldout.jsonl"
  fi
  [ -s "$EXP/envs-test.jsonl" ] ||
    "${TOOLGYM[@]}" "${build[@]}" --count 100 --split test --out "$EXP/envs-test.jsonl"
}

# The built-in GPT from scratch: d 128, 4 layers, 4 heads, context 384, a 1024-token BPE.
MODEL=(--ctx 384 --d-model 128 --n-layer 4 --n-head 4 --vocab-size 1024)
# Sampling limits of rollouts and evaluation (a two-call turn is ~60 tokens).
SAMPLING=(--max-new-tokens 96 --max-turns 3 --concurrency 16)

# eval_checkpoint CHECKPOINT ENVS OUT [toolgym eval options]: greedy episodes (unless options
# say otherwise), one line of results. OUT is emptied first: `toolgym eval` resumes what is there.
eval_checkpoint() {
  rm -rf "$3"
  "${TOOLGYM[@]}" eval --policy "builtin:$1" --envs "$2" --out "$3" --max-turns 3 \
    --concurrency 16 "${@:4}" > /dev/null 2>&1
  node -e 'const m = require(process.argv[1]).overall;
    console.log(`${process.argv[2]} on ${process.argv[3]}: Solve-F1 ${m.solve_f1.toFixed(3)}, answer accuracy ${m.answer_accuracy.toFixed(3)}, reward ${m.reward.toFixed(3)}`)' \
    "$PWD/$3/metrics.json" "$1" "$2"
}

# eval_fixed_set CHECKPOINT OUT: mean reward on a fixed set of training environments at
# temperature 1 (FIXED_FIRST environments, default the first 100; FIXED_SAMPLES episodes each,
# default 16: 1,600 episodes, standard error of the mean reward ≈ 0.01). What on-policy RL
# optimizes, measured on the same environments before and after.
eval_fixed_set() {
  local set=$EXP/envs-train-first${FIXED_FIRST:-100}.jsonl
  [ -s "$set" ] || head -n "${FIXED_FIRST:-100}" "$EXP/envs-train.jsonl" > "$set"
  eval_checkpoint "$1" "$set" "$2" --temperature 1 --samples "${FIXED_SAMPLES:-16}"
}
