# Shared by the experiment scripts: the CLI from the sources, the environments, the model size.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOOLGYM=(npx tsx scripts/experiments/toolgym.mts)
EXP=${EXP:-runs/exp}
mkdir -p "$EXP"

# Two scenarios a 1 M-parameter model can learn in minutes on two cores: one call, or
# independent calls in parallel; no distractor tools or parameter generalization (--complexity
# none). Test environments hold out entities (people, companies, …) never seen in training, so
# the model must copy names from the question rather than recall them: with 400 training
# environments it memorizes them instead (train Solve-F1 ≈ 1, held-out ≈ 0); 3000 make copying
# pay.
build_envs() {
  [ -s "$EXP/envs-train.jsonl" ] || "${TOOLGYM[@]}" envs build --count "${N_TRAIN:-3000}" --seed 1 --split train \
    --complexity none --scenarios single_hop,parallel_single_hop --out "$EXP/envs-train.jsonl"
  [ -s "$EXP/envs-test.jsonl" ] || "${TOOLGYM[@]}" envs build --count 100 --seed 1 --split test \
    --complexity none --scenarios single_hop,parallel_single_hop --out "$EXP/envs-test.jsonl"
}

# The built-in GPT from scratch: d 128, 4 layers, 4 heads, context 384, a 1024-token BPE.
MODEL=(--ctx 384 --d-model 128 --n-layer 4 --n-head 4 --vocab-size 1024)
# Sampling limits of rollouts and evaluation (a two-call turn is ~60 tokens).
SAMPLING=(--max-new-tokens 96 --max-turns 3 --concurrency 16)
