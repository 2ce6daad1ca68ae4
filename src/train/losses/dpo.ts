import { z } from "zod";
import { parseOptions } from "../../core/index.js";
import { checkInput, required } from "./check-input.js";
import { LossInputError } from "./errors/loss-input-error.js";
import type { LossFn, LossInput, LossResult } from "./loss-fn.js";
import { maskedRowSums } from "./row-stats.js";

export const DpoOptionsSchema = z.strictObject({
  /** β, the strength of the implicit KL to the reference: 0.1, the DPO paper's and TRL's default. */
  beta: z.number().positive().default(0.1),
});
export type DpoOptions = z.input<typeof DpoOptionsSchema>;

/**
 * Sigmoid DPO (Rafailov et al., arXiv 2305.18290, Eq. 7):
 *
 *   h = β·[(π_c − ref_c) − (π_r − ref_r)],   L = −log σ(h) = softplus(−h)
 *
 * where π and ref are the masked sums of the response's token log-probs under the policy and the
 * frozen reference. Pairs are rows (2i, 2i+1) = (chosen, rejected): B must be even. The batch
 * loss is the mean over pairs; a pair with a fully masked side has no response to compare and is
 * skipped (no loss, zero gradient, not counted), so an all-masked batch gives loss 0.
 *
 * ∂L/∂logprob_c,t = −β·σ(−h)·m,  ∂L/∂logprob_r,t = +β·σ(−h)·m  (divided by the pair count).
 *
 * Uses: logprobs, mask, refLogprobs. Metrics (means over the counted pairs): `reward_accuracy`
 * (share with chosen implicit reward β(π − ref) above the rejected one), `reward_margin`,
 * `chosen_reward`, `rejected_reward`, `pairs`.
 */
export const dpo: LossFn<DpoOptions> = (input: LossInput, options?: DpoOptions): LossResult => {
  checkInput(input);
  const { beta } = parseOptions(DpoOptionsSchema, options, "dpo");
  const { logprobs, mask, B, T } = input;
  const refLogprobs = required(input.refLogprobs, "refLogprobs", "dpo");
  if (B % 2 !== 0)
    throw new LossInputError("B", `dpo takes (chosen, rejected) row pairs; B = ${B} is odd`);

  const policy = maskedRowSums(logprobs, mask, B, T);
  const ref = maskedRowSums(refLogprobs, mask, B, T);
  const pairs: number[] = [];
  for (let i = 0; i < B / 2; i++)
    if (policy.counts[2 * i] > 0 && policy.counts[2 * i + 1] > 0) pairs.push(i);

  const grad = new Float32Array(B * T);
  let loss = 0;
  let correct = 0;
  let margin = 0;
  let chosenReward = 0;
  let rejectedReward = 0;
  for (const i of pairs) {
    const c = 2 * i;
    const r = c + 1;
    const chosen = beta * (policy.sums[c] - ref.sums[c]);
    const rejected = beta * (policy.sums[r] - ref.sums[r]);
    const h = chosen - rejected;
    loss += softplus(-h);
    // σ(−h) written as 1 / (1 + e^h): exact 0 or 1 at the extremes, never NaN.
    const pull = (beta * (1 / (1 + Math.exp(h)))) / pairs.length;
    for (let t = 0; t < T; t++) {
      if (mask[c * T + t] !== 0) grad[c * T + t] = -pull * mask[c * T + t];
      if (mask[r * T + t] !== 0) grad[r * T + t] = pull * mask[r * T + t];
    }
    if (h > 0) correct++;
    margin += h;
    chosenReward += chosen;
    rejectedReward += rejected;
  }
  const n = pairs.length;
  const mean = (x: number) => (n > 0 ? x / n : 0);
  return {
    loss: mean(loss),
    grad,
    metrics: {
      reward_accuracy: mean(correct),
      reward_margin: mean(margin),
      chosen_reward: mean(chosenReward),
      rejected_reward: mean(rejectedReward),
      pairs: n,
    },
  };
};

/** log(1 + e^x) without overflow for large x or lost precision for very negative x. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
