import { z } from "zod";
import { parseOptions } from "../../core/index.js";
import { checkFiniteRewards, checkInput, required } from "./check-input.js";
import type { LossFn, LossInput, LossResult } from "./loss-fn.js";
import { groupRows, maskedRowSums } from "./row-stats.js";

export const RrhfOptionsSchema = z.strictObject({
  /**
   * α, the weight of the ranking term: 1, what TRICE's released Stage II command passes
   * (`--rrhf_weight 1`; RRHF's own code defaults to 100).
   */
  alpha: z.number().min(0).default(1),
  /** λ in p_i = Σ_t log p / |y_i|^λ: 1 is TRICE Eq. 4's length normalization, 0 the plain sum. */
  lengthPenalty: z.number().min(0).default(1),
});
export type RrhfOptions = z.input<typeof RrhfOptionsSchema>;

/**
 * TRICE Stage II, RLEF with the RRHF loss (TRICE Eq. 4–7):
 *
 *   p_i = Σ_t m·log π(y_i,t | x, y_i,<t) / |y_i|^λ          (Eq. 4, length-normalized score)
 *   L_rank = Σ_{r_i < r_j} max(0, p_i − p_j)                 (Eq. 5, hinge over mis-ordered pairs)
 *   L_sft = −p_{i′},  i′ = argmax_i r_i                      (Eq. 6, imitate the best candidate)
 *   L = α·L_rank + L_sft                                     (Eq. 7)
 *
 * per group (the candidates of one question, `groups`), averaged over groups. Scores come from
 * `rewards`, higher = better; equal rewards make no pair, so all-equal rewards give L_rank = 0
 * and a group of one is pure SFT. The best candidate is the first highest-rewarded row. L_sft is
 * the best candidate's token-mean NLL (TRICE's code averages over padded positions instead, which
 * lets padding change the scale). A row with no masked-in token takes no part; a group left
 * empty is not counted; an all-masked batch gives loss 0. Where p_i = p_j exactly the hinge's
 * subgradient 0 is used.
 *
 * Uses: logprobs, mask, rewards (B), groups (B). Metrics: `rank_loss` and `sft_loss` (group
 * means, loss = α·rank_loss + sft_loss), `rank_accuracy` (share of pairs with r_i < r_j that the
 * policy scores p_i < p_j; 0 when there are none), `rank_pairs`, `groups`.
 */
export const rrhf: LossFn<RrhfOptions> = (input: LossInput, options?: RrhfOptions): LossResult => {
  checkInput(input);
  const { alpha, lengthPenalty } = parseOptions(RrhfOptionsSchema, options, "rrhf");
  const { logprobs, mask, B, T } = input;
  const rewards = required(input.rewards, "rewards", "rrhf");
  const groups = required(input.groups, "groups", "rrhf");
  const { sums, counts } = maskedRowSums(logprobs, mask, B, T);
  checkFiniteRewards(rewards, counts);
  const norm = Float64Array.from(counts, (n) => n ** lengthPenalty);
  const score = Float64Array.from(sums, (s, b) => (counts[b] > 0 ? s / norm[b] : 0));
  const members = groupRows(groups, counts);

  const G = members.size;
  // ∂L/∂p_b, accumulated per row, spread over its tokens at the end (∂p_b/∂logprob = m / |y|^λ).
  const dScore = new Float64Array(B);
  let rankLoss = 0;
  let sftLoss = 0;
  let pairs = 0;
  let ordered = 0;
  for (const rows of members.values()) {
    let best = rows[0];
    for (const b of rows) if (rewards[b] > rewards[best]) best = b;
    sftLoss -= score[best];
    dScore[best] -= 1 / G;
    for (const i of rows)
      for (const j of rows) {
        if (!(rewards[i] < rewards[j])) continue;
        pairs++;
        if (score[i] < score[j]) ordered++;
        const hinge = score[i] - score[j];
        if (hinge > 0) {
          rankLoss += hinge;
          dScore[i] += alpha / G;
          dScore[j] -= alpha / G;
        }
      }
  }

  const grad = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    if (dScore[b] === 0) continue;
    for (let n = b * T; n < (b + 1) * T; n++)
      if (mask[n] !== 0) grad[n] = (dScore[b] * mask[n]) / norm[b];
  }
  const perGroup = (x: number) => (G > 0 ? x / G : 0);
  return {
    loss: perGroup(alpha * rankLoss + sftLoss),
    grad,
    metrics: {
      rank_loss: perGroup(rankLoss),
      sft_loss: perGroup(sftLoss),
      rank_accuracy: pairs > 0 ? ordered / pairs : 0,
      rank_pairs: pairs,
      groups: G,
    },
  };
};
