#!/usr/bin/env bash
# Mean reward of checkpoints on one fixed set of training environments, sampled at temperature 1:
# what on-policy RL optimizes, measured on the same environments before and after (the rollouts'
# own rewards rise and fall with the environments each step draws). Defaults: the first 100
# training environments, 16 episodes each (1,600 per checkpoint; the standard error of a mean
# reward is then about 0.01). Usage: fixed-set.sh CHECKPOINT… (SAMPLES=N, FIRST=N to change)
source "$(dirname "$0")/common.sh"
build_envs
FIRST=${FIRST:-100}
SAMPLES=${SAMPLES:-16}
SET=$EXP/envs-train-first$FIRST.jsonl
head -n "$FIRST" "$EXP/envs-train.jsonl" > "$SET"
for checkpoint in "$@"; do
  name=$(echo "$checkpoint" | tr '/' '_')
  eval_checkpoint "$checkpoint" "$SET" "$EXP/fixed-set/$name" --temperature 1 --samples "$SAMPLES"
done
