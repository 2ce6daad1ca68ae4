import type { Trajectory } from "../../core/index.js";
import { padBatch, type TokenSequence, type TrainBatch } from "../data/pad-batch.js";
import type { TrainItem } from "./train-data.js";

/** The sequences of one step, padded, with what the reward and advantage phases need. */
export interface StepBatch extends TrainBatch {
  /** @param rewards (B) each sequence's reward or score, when the algorithm has them */
  readonly rewards?: Float32Array;
  /** @param groups (B) which item or prompt each sequence belongs to */
  readonly groups: Int32Array;
  /** Real positions (Σ over rows of length − 1): the work of one forward over the batch. */
  readonly positions: number;
}

// Stands in for an episode the model never spoke in (its prompt did not fit the context): a
// row of padding that predicts nothing, so the group keeps its shape. Id 1 is `<|pad|>`.
const SILENT: TokenSequence = { ids: [1, 1], lossMask: [0, 0], logprobs: [0, 0] };

/** Prepared items → one batch, the sequences of item i in group i, scores as rewards. */
export function itemsToStepBatch(items: readonly TrainItem[]): StepBatch {
  const sequences = items.flatMap((item) => item.sequences);
  const groups = Int32Array.from(items.flatMap((item, i) => item.sequences.map(() => i)));
  const scored = items.every((item) => item.scores !== undefined);
  const rewards = scored ? Float32Array.from(items.flatMap((item) => item.scores!)) : undefined;
  return { ...padBatch(sequences), rewards, groups, positions: positionsOf(sequences) };
}

/**
 * Rollouts → one batch of their sampled tokens (`trajectory.tokens`: what the model read and
 * wrote, its own tokens in the loss mask, with the log-probs they were sampled with), rewards
 * `reward.total`, trajectory b in group ⌊b / groupSize⌋.
 */
export function trajectoriesToStepBatch(
  trajectories: readonly Trajectory[],
  groupSize: number,
): StepBatch {
  const sequences = trajectories.map((t): TokenSequence => {
    const tokens = t.tokens;
    if (tokens === undefined || tokens.ids.length < 2) return SILENT;
    return { ids: tokens.ids, lossMask: tokens.loss_mask, logprobs: tokens.logprobs };
  });
  return {
    ...padBatch(sequences),
    rewards: Float32Array.from(trajectories, (t) => t.reward.total),
    groups: Int32Array.from(trajectories, (_, b) => Math.floor(b / groupSize)),
    positions: positionsOf(sequences),
  };
}

function positionsOf(sequences: readonly TokenSequence[]): number {
  return sequences.reduce((sum, s) => sum + s.ids.length - 1, 0);
}
