#!/usr/bin/env bash
# SFT (TRICE Stage I / behaviour cloning) from random init on the gold plans of the training
# environments; held-out Solve-F1, answer accuracy and NLL on the test split every 100 steps
# (step 0 = before), then the checkpoints on the in-world held-out environments.
# Then the run is continued to a 3000-step schedule and stopped at step 1750 (--stop-at): the
# deliberately under-trained checkpoint the RL runs (rl.sh) start from.
source "$(dirname "$0")/common.sh"
build_envs
OUT=$EXP/sft
STEPS=${STEPS:-1200}
rm -rf "$OUT"
"${TOOLGYM[@]}" train --algo sft --envs "$EXP/envs-train.jsonl" --eval-envs "$EXP/envs-test.jsonl" \
  --out "$OUT" --steps "$STEPS" --batch-size 16 --lr 2e-3 --min-lr 2e-4 --warmup-steps 50 \
  "${MODEL[@]}" "${SAMPLING[@]}" --eval-interval 100 --checkpoint-interval 50
"${TOOLGYM[@]}" train --out "$OUT" --resume --steps 3000 --stop-at 1750 --eval-interval 200
npx tsx scripts/experiments/summarize.mts "$OUT"
for step in 400 800 1200 1750; do
  eval_checkpoint "$OUT/checkpoints/step-$step" "$EXP/envs-heldout.jsonl" "$OUT/eval-heldout-$step"
done
