import { z } from "zod";
import { parseOptions } from "../../core/index.js";
import { AGGREGATIONS, clippedPolicyLoss } from "./clipped-policy-loss.js";
import type { LossFn, LossInput, LossResult } from "./loss-fn.js";

export const ReinforcePpOptionsSchema = z.strictObject({
  /** ε_low of the PPO clip REINFORCE++ keeps (0.2). */
  clipLow: z.number().min(0).max(1).default(0.2),
  /** ε_high (0.2: symmetric). */
  clipHigh: z.number().min(0).default(0.2),
  /**
   * β of a k3 KL loss term. 0 by default because REINFORCE++ puts the KL into the reward instead
   * (per-token penalty −β·KL_t, `reinforcePpAdvantages`' klCoef); set it (and the estimator's to
   * 0) for the "REINFORCE++-baseline" recipe that keeps KL as a loss.
   */
  klCoef: z.number().min(0).default(0),
  /** `token-mean` over the whole batch, as OpenRLHF does; or `sequence-mean`. */
  aggregation: z.enum(AGGREGATIONS).default("token-mean"),
});
export type ReinforcePpOptions = z.input<typeof ReinforcePpOptionsSchema>;

/**
 * REINFORCE++'s policy loss (Hu et al., arXiv 2501.03262): the PPO clipped surrogate without a
 * critic, on advantages that are the KL-penalized returns normalized over the whole global batch
 * (`reinforcePpAdvantages`: normalization must see the full rollout batch, so it happens there,
 * before any split into micro-batches, never here).
 *
 * Uses: logprobs, mask, advantages, oldLogprobs (optional: absent = on-policy, ratio 1),
 * refLogprobs (only when klCoef > 0). Per-token math: `clippedPolicyLoss`.
 */
export const reinforcePp: LossFn<ReinforcePpOptions> = (
  input: LossInput,
  options?: ReinforcePpOptions,
): LossResult =>
  clippedPolicyLoss(
    input,
    parseOptions(ReinforcePpOptionsSchema, options, "reinforce-pp"),
    "reinforce-pp",
  );
