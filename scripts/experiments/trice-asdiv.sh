#!/usr/bin/env bash
# TRICE on ASDiv-A, 5-fold cross-validation (../shared/data/asdiv/nfolds/asdiv-a: train on four
# folds, test on the fifth), three arms per fold, each evaluated with `toolgym math eval` on the
# held-out fold (greedy, TRICE's text format):
#
#   stage1     Stage I only: SFT from scratch on the Stage I data (gold calls, direct answers
#              for one-digit facts; AUG number-resampled variants of each problem).
#   stage2     Stage II only (TRICE's ablation): RRHF from the random-init-plus-format model —
#              a model given FORMAT_STEPS of the same SFT, enough to write the two response
#              forms — on candidate lists sampled from that model.
#   stage12    Stage I + II: RRHF from the stage1 checkpoint on candidate lists sampled from it.
#
# Candidate lists (toolgym trice candidates): per training problem the gold response, the gold
# answer in the other form (--gold-other-form) and SAMPLES samples of the starting model (T=1),
# each execution-scored. One JSON summary (trice-summary.mts): accuracy per fold and pooled,
# with 95% intervals, Stage I+II − Stage I paired, and selective tool use by tool need.
#
# `bash scripts/experiments/trice-asdiv.sh` (FOLDS="0 1" to run some folds; a fold's finished
# steps are not redone — delete its folder to start over). S1 is the lever: at 160 steps the model
# has not yet learned to copy the question's numbers into its calls (every arm near 2%); at 2,000
# (the default) Stage I reaches 14.6% and Stage I + II 16.5% over folds 0–2 — about 14 min of
# two cores a fold (README "Math word problems").
source "$(dirname "$0")/common.sh"
D=${TRICE_DIR:-$EXP/trice-asdiv}
FOLDS=${FOLDS:-0 1 2 3 4}
AUG=${AUG:-8}
S1=${S1:-2000}
FORMAT_STEPS=${FORMAT_STEPS:-20}
S2=${S2:-40}
SAMPLES=${SAMPLES:-4}
MATH_MODEL=(--ctx 256 --d-model 128 --n-layer 4 --n-head 4 --vocab-size 1024)
mkdir -p "$D"
echo "{\"aug\": $AUG, \"stage1_steps\": $S1, \"format_steps\": $FORMAT_STEPS, \"stage2_steps\": $S2, \"samples\": $SAMPLES, \"model\": \"${MATH_MODEL[*]}\"}" > "$D/settings.json"

# sft RUN STEPS DATA: SFT from scratch (the tokenizer is trained on the fold's training data).
sft() {
  [ -d "$1/checkpoints/step-$2" ] && return
  rm -rf "$1"
  "${TOOLGYM[@]}" train --algo sft --data "$3" --out "$1" --steps "$2" --batch-size 32 \
    --lr 1e-3 --min-lr 1e-4 --warmup-steps 20 "${MATH_MODEL[@]}" --checkpoint-interval "$2" \
    > "$1.log" 2>&1
}

# rrhf RUN INIT LISTS: TRICE Stage II from INIT.
rrhf() {
  [ -d "$1/checkpoints/step-$S2" ] && return
  rm -rf "$1"
  "${TOOLGYM[@]}" train --algo rrhf --init "$2" --data "$3" --out "$1" --steps "$S2" \
    --batch-size 8 --lr 3e-4 --min-lr 3e-5 --warmup-steps 10 --checkpoint-interval "$S2" \
    > "$1.log" 2>&1
}

# candidates CHECKPOINT TRAIN_FOLDS OUT SEED
candidates() {
  [ -s "$3" ] && return
  "${TOOLGYM[@]}" trice candidates --data asdiv-a --folds "$2" --digits --gold-other-form \
    --source "builtin:$1,samples=$SAMPLES" --seed "$4" --concurrency 64 --out "$3" > "$3.log" 2>&1
}

# evaluate CHECKPOINT TEST_FOLD OUT
evaluate() {
  [ -s "$3/metrics.json" ] && return
  "${TOOLGYM[@]}" math eval --data asdiv-a --folds "$2" --digits --policy "builtin:$1" \
    --out "$3" --concurrency 32 > "$3.log" 2>&1
}

started=$(date +%s)
for k in $FOLDS; do
  F=$D/fold$k
  mkdir -p "$F"
  train_folds=$(echo 0 1 2 3 4 | tr ' ' '\n' | grep -v "^$k$" | paste -sd,)
  t0=$(date +%s)
  [ -s "$F/stage1-data.jsonl" ] || "${TOOLGYM[@]}" trice sft --data asdiv-a --folds "$train_folds" \
    --digits --augment "$AUG" --seed "$k" --out "$F/stage1-data.jsonl" > "$F/stage1-data.log"
  sft "$F/stage1" "$S1" "$F/stage1-data.jsonl"
  sft "$F/format" "$FORMAT_STEPS" "$F/stage1-data.jsonl"
  STAGE1=$F/stage1/checkpoints/step-$S1
  FORMAT=$F/format/checkpoints/step-$FORMAT_STEPS
  candidates "$STAGE1" "$train_folds" "$F/lists-stage1.jsonl" "$((10 * k + 1))"
  candidates "$FORMAT" "$train_folds" "$F/lists-format.jsonl" "$((10 * k + 2))"
  rrhf "$F/stage12" "$STAGE1" "$F/lists-stage1.jsonl"
  rrhf "$F/stage2" "$FORMAT" "$F/lists-format.jsonl"
  evaluate "$STAGE1" "$k" "$F/eval-stage1"
  evaluate "$FORMAT" "$k" "$F/eval-format"
  evaluate "$F/stage12/checkpoints/step-$S2" "$k" "$F/eval-stage12"
  evaluate "$F/stage2/checkpoints/step-$S2" "$k" "$F/eval-stage2"
  echo "fold $k: $(( $(date +%s) - t0 ))s" | tee -a "$D/timing.txt"
done
echo "total: $(( $(date +%s) - started ))s for folds $FOLDS" | tee -a "$D/timing.txt"
npx tsx scripts/experiments/trice-summary.mts "$D" | tee "$D/summary.json"
