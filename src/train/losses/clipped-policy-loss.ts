import { checkInput, required } from "./check-input.js";
import type { LossInput, LossResult } from "./loss-fn.js";

/**
 * Log-ratios (log π − log π_old, log π_ref − log π) are clamped to ±LOG_RATIO_LIMIT before exp,
 * as verl does: one wildly off-policy token would otherwise give a ratio of e^100 whose float32
 * gradient overflows to ∞ and then NaN in the weights. Beyond the limit the gradient is 0 (the
 * derivative of the clamped function), which for |log-ratio| > 20 is the right call anyway.
 */
export const LOG_RATIO_LIMIT = 20;

/** How per-token losses become one number. */
export const AGGREGATIONS = ["token-mean", "sequence-mean"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Resolved hyper-parameters of the clipped surrogate (the losses' schemas hold the defaults). */
export interface ClippedPolicyConfig {
  /** ε_low: the ratio is clipped below at 1 − clipLow. */
  clipLow: number;
  /** ε_high: the ratio is clipped above at 1 + clipHigh (DAPO's clip-higher when > clipLow). */
  clipHigh: number;
  /** β of the k3 KL-to-reference term; 0 switches it off and refLogprobs is then not needed. */
  klCoef: number;
  /**
   * `token-mean`: Σ m·ℓ / Σ m over the whole batch (DAPO Eq. 8, Dr. GRPO): every token weighs
   * the same, so long responses are not down-weighted. `sequence-mean`: mean over sequences of
   * each sequence's token mean (DeepSeekMath GRPO Eq. 3's 1/G Σ_i 1/|o_i| Σ_t).
   */
  aggregation: Aggregation;
}

/**
 * The PPO-style clipped surrogate with a k3 KL penalty, shared by `grpo` and `reinforce-pp`
 * (they differ in their defaults and in the advantage estimator feeding them). Per token:
 *
 *   r = exp(logprob − oldLogprob)                                           (importance ratio)
 *   ℓ_pg = −min(r·A, clip(r, 1 − ε_low, 1 + ε_high)·A)                       (PPO Eq. 7)
 *   k3 = exp(ref − logprob) − (ref − logprob) − 1                           (DeepSeekMath Eq. 4)
 *   ℓ = ℓ_pg + β·k3
 *
 * ∂ℓ_pg/∂logprob = −r·A where the unclipped term is the minimum, 0 where clipping binds
 * (A > 0 and r > 1 + ε_high, or A < 0 and r < 1 − ε_low); ∂k3/∂logprob = 1 − exp(ref − logprob).
 *
 * Without oldLogprobs the ratio is 1 with ∂r/∂logprob = 1 (the behaviour policy is the current
 * one, detached): the first and only update on a fresh rollout batch.
 *
 * Metrics: `pg_loss` and `kl` aggregated like the loss (loss = pg_loss + klCoef·kl), `clip_frac`
 * (share of tokens where clipping binds), `ratio_mean`, `advantage_mean` (token means), `tokens`.
 */
export function clippedPolicyLoss(
  input: LossInput,
  config: ClippedPolicyConfig,
  by: string,
): LossResult {
  checkInput(input);
  const { logprobs, mask, oldLogprobs, B, T } = input;
  const advantages = required(input.advantages, "advantages", by);
  const { clipLow, clipHigh, klCoef, aggregation } = config;
  const refLogprobs =
    klCoef > 0 ? required(input.refLogprobs, "refLogprobs", `${by} with klCoef > 0`) : undefined;

  const weights = tokenWeights(mask, B, T, aggregation);
  const grad = new Float32Array(B * T);
  let pgLoss = 0;
  let kl = 0;
  let tokens = 0;
  let clipped = 0;
  let ratioSum = 0;
  let advantageSum = 0;
  for (let n = 0; n < B * T; n++) {
    const m = mask[n];
    if (m === 0) continue;
    const w = weights[n];
    const A = advantages[n];
    let ratio = 1;
    let ratioGrad = 1;
    if (oldLogprobs !== undefined) {
      const logRatio = logprobs[n] - oldLogprobs[n];
      const limited = Math.min(LOG_RATIO_LIMIT, Math.max(-LOG_RATIO_LIMIT, logRatio));
      ratio = Math.exp(limited);
      ratioGrad = limited === logRatio ? ratio : 0;
    }
    const clips = (A > 0 && ratio > 1 + clipHigh) || (A < 0 && ratio < 1 - clipLow);
    const bounded = Math.min(1 + clipHigh, Math.max(1 - clipLow, ratio));
    pgLoss += w * -(clips ? bounded : ratio) * A;
    let g = clips ? 0 : -A * ratioGrad;
    if (refLogprobs !== undefined) {
      const d = refLogprobs[n] - logprobs[n];
      const limited = Math.min(LOG_RATIO_LIMIT, Math.max(-LOG_RATIO_LIMIT, d));
      const rho = Math.exp(limited);
      kl += w * (rho - limited - 1);
      if (limited === d) g += klCoef * (1 - rho);
    }
    grad[n] = w * g;
    tokens += m;
    if (clips) clipped += m;
    ratioSum += m * ratio;
    advantageSum += m * A;
  }
  const perToken = (x: number) => (tokens > 0 ? x / tokens : 0);
  return {
    loss: pgLoss + klCoef * kl,
    grad,
    metrics: {
      pg_loss: pgLoss,
      kl,
      clip_frac: perToken(clipped),
      ratio_mean: perToken(ratioSum),
      advantage_mean: perToken(advantageSum),
      tokens,
    },
  };
}

/**
 * The weight of each token in the aggregate: m / Σm for token-mean; m / (count_b · B′) for
 * sequence-mean, B′ the sequences with at least one token. An all-masked batch gets all zeros.
 */
function tokenWeights(
  mask: LossInput["mask"],
  B: number,
  T: number,
  aggregation: Aggregation,
): Float64Array {
  const weights = new Float64Array(B * T);
  const counts = new Float64Array(B);
  let total = 0;
  let sequences = 0;
  for (let b = 0; b < B; b++) {
    for (let n = b * T; n < (b + 1) * T; n++) counts[b] += mask[n];
    total += counts[b];
    if (counts[b] > 0) sequences++;
  }
  for (let b = 0; b < B; b++) {
    if (counts[b] === 0) continue;
    const scale = aggregation === "token-mean" ? 1 / total : 1 / (counts[b] * sequences);
    for (let n = b * T; n < (b + 1) * T; n++) weights[n] = mask[n] * scale;
  }
  return weights;
}
