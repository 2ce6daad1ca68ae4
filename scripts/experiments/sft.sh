#!/usr/bin/env bash
# SFT (TRICE Stage I / behaviour cloning) from random init on the gold plans of the training
# environments; held-out Solve-F1, answer accuracy and NLL on 100 test environments every 100
# steps (step 0 = before). Checkpoints every 50 steps (the RL runs start from an early one).
source "$(dirname "$0")/common.sh"
build_envs
OUT=$EXP/sft
rm -rf "$OUT"
"${TOOLGYM[@]}" train --algo sft --envs "$EXP/envs-train.jsonl" --eval-envs "$EXP/envs-test.jsonl" \
  --out "$OUT" --steps "${STEPS:-1200}" --batch-size 16 --lr 2e-3 --min-lr 2e-4 --warmup-steps 50 \
  "${MODEL[@]}" "${SAMPLING[@]}" --eval-interval 100 --checkpoint-interval 50
npx tsx scripts/experiments/summarize.mts "$OUT"
