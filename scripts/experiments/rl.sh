#!/usr/bin/env bash
# GRPO and REINFORCE++ from a deliberately under-trained SFT checkpoint: step 1750 of the SFT
# run continued to a 3000-step schedule (see sft.sh), stopped there. At temperature 1 it earns
# reward ≈ 0.3 on training environments and half of its groups of 4 disagree (a GRPO signal);
# the 1200-step checkpoint earns ≈ 0.06 with most groups all-zero, too little to learn from. Each step plays 8 training environments 4 times with the current weights (tools
# executed) and rewards Solve-P · Solve-R. Held-out Solve-F1 / answer accuracy on the in-world
# held-out environments every 20 steps (step 0 = the SFT checkpoint), and on the test split
# before and after. Usage: rl.sh [grpo|reinforce-pp|both]
source "$(dirname "$0")/common.sh"
build_envs
INIT=$EXP/sft/checkpoints/step-${INIT_STEP:-1750}
[ -d "$INIT" ] || { echo "no $INIT: run sft.sh first" >&2; exit 1; }
algos=${1:-both}
[ "$algos" = both ] && algos="grpo reinforce-pp"
eval_checkpoint "$INIT" "$EXP/envs-test.jsonl" "$EXP/rl-init-eval-test"
for algo in $algos; do
  OUT=$EXP/$algo
  STEPS=${STEPS:-60}
  rm -rf "$OUT"
  "${TOOLGYM[@]}" train --algo "$algo" --init "$INIT" --envs "$EXP/envs-train.jsonl" \
    --eval-envs "$EXP/envs-heldout.jsonl" --out "$OUT" --steps "$STEPS" --batch-size 8 \
    --group-size 4 --lr "${LR:-2e-4}" --min-lr 2e-5 --warmup-steps 5 --temperature 1 \
    "${SAMPLING[@]}" --eval-interval 20 --eval-limit 0 --checkpoint-interval 20
  npx tsx scripts/experiments/summarize.mts "$OUT"
  eval_checkpoint "$OUT/checkpoints/step-$STEPS" "$EXP/envs-test.jsonl" "$OUT/eval-test"
done
