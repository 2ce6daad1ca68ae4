import { z } from "zod";
import { parseOptions } from "../../core/index.js";
import { checkFiniteRewards, checkInput, required } from "../losses/check-input.js";
import { groupRows, maskedRowSums } from "../losses/row-stats.js";
import type { AdvantageFn, AdvantageInput, AdvantageResult } from "./advantage-fn.js";
import { deviations } from "./deviations.js";

export const ReinforcePpAdvantagesOptionsSchema = z.strictObject({
  /**
   * β of the per-token KL penalty folded into the reward, 0.01 (OpenRLHF's `init_kl_coef`, the
   * reference implementation of the paper). 0 turns it off, and then neither oldLogprobs nor
   * refLogprobs is needed.
   */
  klCoef: z.number().min(0).default(0.01),
  /**
   * `none`: REINFORCE++ proper. `group-mean`: REINFORCE++-baseline, which first subtracts the
   * mean reward of the sequence's group (needs `groups`) and then normalizes globally.
   */
  baseline: z.enum(["none", "group-mean"]).default("none"),
});
export type ReinforcePpAdvantagesOptions = z.input<typeof ReinforcePpAdvantagesOptionsSchema>;

// OpenRLHF's floor on the variance (rsqrt(clamp(var, 1e-8))): with all returns equal the
// deviations are exactly 0 and stay 0 instead of 0/0.
const MIN_VARIANCE = 1e-8;

/**
 * REINFORCE++ advantages (Hu et al., arXiv 2501.03262, §3): the outcome reward at the end of the
 * sequence minus a per-token KL penalty, summed into returns-to-go (γ = 1), then normalized over
 * every masked-in token of the global batch:
 *
 *   kl_t = log π_old(y_t) − log π_ref(y_t)                    (k1, at the sampled token)
 *   G_t = R − β·Σ_{s ≥ t} kl_s                                 (R − group mean with a baseline)
 *   A_t = (G_t − mean(G)) / sqrt(max(var(G), 1e-8))           (mean, var over all batch tokens)
 *
 * The sums run over masked-in tokens only, so tool outputs between two assistant turns neither
 * pay KL nor break the return. With klCoef = 0 every token of a sequence has the same return:
 * the sequence's reward broadcast, then whitened. Edge cases, none NaN: all-equal returns give
 * exactly 0; a sequence with no masked-in token gets 0 and takes no part in the statistics.
 *
 * Uses: rewards (B), mask, oldLogprobs and refLogprobs (when klCoef > 0), groups (with the
 * group-mean baseline). Metrics: `reward_mean` (sequences), `return_mean`, `return_std` (tokens,
 * before normalization), `kl` (token mean of kl_t; 0 without the penalty).
 */
export const reinforcePpAdvantages: AdvantageFn<ReinforcePpAdvantagesOptions> = (
  input: AdvantageInput,
  options?: ReinforcePpAdvantagesOptions,
): AdvantageResult => {
  checkInput(input);
  const by = "reinforcePpAdvantages";
  const { klCoef, baseline } = parseOptions(ReinforcePpAdvantagesOptionsSchema, options, by);
  const { rewards, mask, B, T } = input;
  const { counts } = maskedRowSums(mask, mask, B, T);
  checkFiniteRewards(rewards, counts);

  const outcome = Float64Array.from(rewards);
  if (baseline === "group-mean") {
    const groups = required(input.groups, "groups", `${by} with baseline "group-mean"`);
    for (const rows of groupRows(groups, counts).values()) {
      const { deviations: d } = deviations(rows.map((b) => rewards[b]));
      rows.forEach((b, k) => {
        outcome[b] = d[k];
      });
    }
  }
  const penalized = klCoef > 0;
  const old = penalized
    ? required(input.oldLogprobs, "oldLogprobs", `${by} with klCoef > 0`)
    : null;
  const ref = penalized
    ? required(input.refLogprobs, "refLogprobs", `${by} with klCoef > 0`)
    : null;

  // Returns-to-go, back to front over each sequence's masked-in tokens.
  const indices: number[] = [];
  const returns: number[] = [];
  let klSum = 0;
  let rewardSum = 0;
  let sequences = 0;
  for (let b = 0; b < B; b++) {
    if (counts[b] === 0) continue;
    sequences++;
    rewardSum += rewards[b];
    let G = outcome[b];
    for (let n = (b + 1) * T - 1; n >= b * T; n--) {
      if (mask[n] === 0) continue;
      if (old && ref) {
        const kl = old[n] - ref[n];
        klSum += kl;
        G -= klCoef * kl;
      }
      indices.push(n);
      returns.push(G);
    }
  }

  const { deviations: d, sumSquares } = deviations(returns);
  const variance = returns.length > 0 ? sumSquares / returns.length : 0;
  const scale = 1 / Math.sqrt(Math.max(variance, MIN_VARIANCE));
  const advantages = new Float32Array(B * T);
  indices.forEach((n, k) => {
    advantages[n] = d[k] * scale;
  });
  const tokens = returns.length;
  return {
    advantages,
    metrics: {
      reward_mean: sequences > 0 ? rewardSum / sequences : 0,
      return_mean: tokens > 0 ? returns.reduce((s, g) => s + g, 0) / tokens : 0,
      return_std: Math.sqrt(variance),
      kl: tokens > 0 ? klSum / tokens : 0,
    },
  };
};
