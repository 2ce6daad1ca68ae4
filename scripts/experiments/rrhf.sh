#!/usr/bin/env bash
# TRICE on MAWPS/ASDiv-A: Stage I (SFT from random init on gold responses, deliberately short),
# candidate lists (gold + 4 samples of the Stage I model, execution-scored), Stage II (RRHF from
# the Stage I checkpoint). Ranking accuracy on held-out candidate lists at step 0 (= the Stage I
# model) and after; 600 steps of 8 lists are 2.4 epochs of the 2000 training lists.
source "$(dirname "$0")/common.sh"
M=$EXP/math
mkdir -p "$M"
[ -s "$M/sft-train.jsonl" ] || npx tsx scripts/experiments/prepare-math.mts "$M" 2000 200
rm -rf "$M/sft" "$M/rrhf"
"${TOOLGYM[@]}" train --algo sft --data "$M/sft-train.jsonl" --eval-data "$M/sft-test.jsonl" \
  --out "$M/sft" --steps "${SFT_STEPS:-150}" --batch-size 32 --lr 1e-3 --min-lr 1e-4 \
  --warmup-steps 20 --ctx 256 --d-model 128 --n-layer 4 --n-head 4 --vocab-size 1024 \
  --eval-interval 50 --checkpoint-interval 50
STAGE1=$M/sft/checkpoints/step-${SFT_STEPS:-150}
npx tsx scripts/experiments/candidate-lists.mts "$STAGE1" "$M/problems-train.jsonl" "$M/lists-train.jsonl" 4 1
npx tsx scripts/experiments/candidate-lists.mts "$STAGE1" "$M/problems-test.jsonl" "$M/lists-test.jsonl" 4 2
"${TOOLGYM[@]}" train --algo rrhf --init "$STAGE1" --data "$M/lists-train.jsonl" \
  --eval-data "$M/lists-test.jsonl" --out "$M/rrhf" --steps "${STEPS:-600}" --batch-size 8 \
  --lr 3e-4 --min-lr 3e-5 --warmup-steps 10 --eval-interval 25 --eval-limit 0 --checkpoint-interval 50
npx tsx scripts/experiments/summarize.mts "$M/sft" "$M/rrhf"
# What the models sample on the held-out problems, before and after Stage II (4 samples each).
npx tsx scripts/experiments/candidate-lists.mts "$STAGE1" "$M/problems-test.jsonl" "$M/samples-before.jsonl" 4 2
npx tsx scripts/experiments/candidate-lists.mts "$M/rrhf/checkpoints/step-${STEPS:-600}" "$M/problems-test.jsonl" "$M/samples-after.jsonl" 4 2
