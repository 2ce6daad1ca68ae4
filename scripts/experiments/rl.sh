#!/usr/bin/env bash
# GRPO and REINFORCE++ from a deliberately under-trained SFT checkpoint: step 1750 of the SFT run
# continued to a 3000-step schedule (see sft.sh), stopped there. At temperature 1 it earns reward
# ≈ 0.3 on training environments and half of its groups of 4 disagree (a GRPO signal); the
# 1200-step checkpoint earns ≈ 0.06 with most groups all-zero, too little to learn from. Each step
# plays 8 training environments 8 times with the current weights (tools executed; groups of 8
# leave fewer all-equal groups than 4) and rewards Solve-P · Solve-R. Held-out Solve-F1 / answer
# accuracy on the in-world held-out environments every 20 steps (step 0 = the SFT checkpoint), and
# on the test split before and after. The rollouts' mean reward rises and falls with the
# environments each step happens to draw, so "mean reward before and after" is measured on a fixed
# set instead: the first 100 training environments, 16 episodes each at temperature 1 (common.sh's
# eval_fixed_set, as fixed-set.sh). `control` is grpo at a learning rate of 1e-12: the same prompts and seeds,
# no learning, so its rollout rewards are what the starting policy earns on each step's
# environments. Usage: [STEPS=N] rl.sh [grpo|reinforce-pp|control|all] (60 steps by default; the
# README's figures are from STEPS=200).
source "$(dirname "$0")/common.sh"
build_envs
INIT=$EXP/sft/checkpoints/step-${INIT_STEP:-1750}
[ -d "$INIT" ] || { echo "no $INIT: run sft.sh first" >&2; exit 1; }
algos=${1:-all}
[ "$algos" = all ] && algos="grpo reinforce-pp control"
eval_checkpoint "$INIT" "$EXP/envs-test.jsonl" "$EXP/rl-init-eval-test"
eval_fixed_set "$INIT" "$EXP/rl-init-eval-train100"
for run in $algos; do
  OUT=$EXP/$run
  STEPS=${STEPS:-60}
  algo=$run lr=${LR:-2e-4} min_lr=2e-5
  [ "$run" = control ] && algo=grpo lr=1e-12 min_lr=1e-13
  rm -rf "$OUT"
  "${TOOLGYM[@]}" train --algo "$algo" --init "$INIT" --envs "$EXP/envs-train.jsonl" \
    --eval-envs "$EXP/envs-heldout.jsonl" --out "$OUT" --steps "$STEPS" --batch-size 8 \
    --group-size 8 --lr "$lr" --min-lr "$min_lr" --warmup-steps 5 --temperature 1 \
    "${SAMPLING[@]}" --eval-interval 20 --eval-limit 0 --checkpoint-interval 20
  npx tsx scripts/experiments/summarize.mts "$OUT"
  eval_checkpoint "$OUT/checkpoints/step-$STEPS" "$EXP/envs-test.jsonl" "$OUT/eval-test"
  eval_fixed_set "$OUT/checkpoints/step-$STEPS" "$OUT/eval-train100"
done
# The learning runs' rollout rewards against the control's, step by step (same environments).
if [ -d "$EXP/control" ]; then
  runs=()
  for run in grpo reinforce-pp; do
    if [ -d "$EXP/$run" ]; then runs+=("$EXP/$run"); fi
  done
  if [ ${#runs[@]} -gt 0 ]; then
    npx tsx scripts/experiments/summarize.mts --control "$EXP/control" "${runs[@]}"
  fi
fi
