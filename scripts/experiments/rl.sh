#!/usr/bin/env bash
# GRPO and REINFORCE++ from a deliberately under-trained SFT checkpoint (sft.sh's step
# $INIT_STEP): each step plays 8 training environments 4 times with the current weights (tools
# executed), rewards Solve-P · Solve-R; held-out Solve-F1 / answer accuracy every 20 steps
# (step 0 = the SFT checkpoint itself). Usage: rl.sh [grpo|reinforce-pp|both]
source "$(dirname "$0")/common.sh"
build_envs
INIT=$EXP/sft/checkpoints/step-${INIT_STEP:-200}
[ -d "$INIT" ] || { echo "no $INIT: run sft.sh first" >&2; exit 1; }
algos=${1:-both}
[ "$algos" = both ] && algos="grpo reinforce-pp"
for algo in $algos; do
  OUT=$EXP/$algo
  rm -rf "$OUT"
  "${TOOLGYM[@]}" train --algo "$algo" --init "$INIT" --envs "$EXP/envs-train.jsonl" \
    --eval-envs "$EXP/envs-test.jsonl" --out "$OUT" --steps "${STEPS:-60}" --batch-size 8 \
    --group-size 4 --lr "${LR:-3e-4}" --min-lr 3e-5 --warmup-steps 5 --temperature 1 \
    "${SAMPLING[@]}" --eval-interval 20 --checkpoint-interval 20
  npx tsx scripts/experiments/summarize.mts "$OUT"
done
