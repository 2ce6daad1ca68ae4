#!/usr/bin/env bash
# Mean reward of checkpoints on one fixed set of training environments, sampled at temperature 1
# (`eval_fixed_set` in common.sh): the rollouts' own rewards rise and fall with the environments
# each step draws, so before and after are compared here on the same environments.
# Usage: fixed-set.sh CHECKPOINT… (FIXED_FIRST=N environments, FIXED_SAMPLES=N episodes each)
source "$(dirname "$0")/common.sh"
build_envs
for checkpoint in "$@"; do
  eval_fixed_set "$checkpoint" "$EXP/fixed-set/$(echo "$checkpoint" | tr '/' '_')"
done
