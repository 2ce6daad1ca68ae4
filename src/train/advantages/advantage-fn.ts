import type { Floats } from "../losses/loss-fn.js";

/**
 * The contract of an advantage estimator: sequence rewards in, per-token advantages out, in the
 * flat (B, T) layout the losses take (`LossInput.advantages`). Estimators live apart from the
 * losses so one loss (the clipped surrogate) serves several estimators, and so normalization over
 * the whole rollout batch happens once, before the batch is cut into micro-batches.
 *
 * Shapes: B = batch (sequences), T = time (tokens), token t of sequence b at index b·T + t.
 */
export interface AdvantageInput {
  /** @param rewards (B) one scalar reward per sequence, finite. */
  rewards: Floats;
  /** @param mask (B, T) 1 on the policy's own tokens; a row of zeros takes no part. */
  mask: Floats;
  B: number;
  T: number;
  /** @param groups (B) group id per sequence (the samples of one prompt share an id). */
  groups?: Int32Array;
  /** @param oldLogprobs (B, T) behaviour policy at sampling time (REINFORCE++'s KL penalty). */
  oldLogprobs?: Floats;
  /** @param refLogprobs (B, T) frozen reference policy (REINFORCE++'s KL penalty). */
  refLogprobs?: Floats;
}

export interface AdvantageResult {
  /** @param advantages (B, T) per-token advantages, 0 wherever mask is 0. */
  advantages: Float32Array;
  /** Named scalars for the training log (snake_case keys); never NaN. */
  metrics: Record<string, number>;
}

/** An estimator: pure; `options` every one optional, defaults in its zod schema. */
export type AdvantageFn<Options> = (input: AdvantageInput, options?: Options) => AdvantageResult;
