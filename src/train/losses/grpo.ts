import { z } from "zod";
import { parseOptions } from "../../core/index.js";
import { AGGREGATIONS, clippedPolicyLoss } from "./clipped-policy-loss.js";
import type { LossFn, LossInput, LossResult } from "./loss-fn.js";

export const GrpoOptionsSchema = z.strictObject({
  /** ε_low, DeepSeekMath's ε = 0.2 (PPO's usual value). */
  clipLow: z.number().min(0).max(1).default(0.2),
  /** ε_high; 0.2 is symmetric PPO clipping, DAPO's clip-higher uses 0.28. */
  clipHigh: z.number().min(0).default(0.2),
  /**
   * β of the k3 KL penalty to the reference: DeepSeekMath's 0.04 (§4.2). DAPO and Dr. GRPO
   * drop it (0), which frees the loop from keeping a reference snapshot.
   */
  klCoef: z.number().min(0).default(0.04),
  /** `token-mean` (DAPO / Dr. GRPO) or the original GRPO's `sequence-mean`. */
  aggregation: z.enum(AGGREGATIONS).default("token-mean"),
});
export type GrpoOptions = z.input<typeof GrpoOptionsSchema>;

/**
 * GRPO's policy loss (DeepSeekMath, arXiv 2402.03300, Eq. 3–4): the clipped importance-ratio
 * surrogate on group-relative advantages, plus β·k3 KL to the frozen reference, every token
 * weighted equally across the batch by default (see `clippedPolicyLoss` for the per-token math).
 *
 * Uses: logprobs, mask, advantages (from `groupRelativeAdvantages`, which also carries the Dr.
 * GRPO flag), oldLogprobs (optional: absent = on-policy, ratio 1), refLogprobs (when klCoef > 0).
 * Zero advantages (a group whose rewards are all equal, a group of one) give a zero policy
 * gradient; only the KL term then moves the weights.
 */
export const grpo: LossFn<GrpoOptions> = (input: LossInput, options?: GrpoOptions): LossResult =>
  clippedPolicyLoss(input, parseOptions(GrpoOptionsSchema, options, "grpo"), "grpo");
