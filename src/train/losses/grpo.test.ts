import { describe, expect, it } from "vitest";
import { grpo } from "./grpo.js";
import type { LossInput } from "./loss-fn.js";
import { expectGradientMatches } from "./test-helpers/loss-gradient.js";
import { randomBatch } from "./test-helpers/random-batch.js";

const one = (over: Partial<LossInput>): LossInput => ({
  logprobs: Float32Array.of(-1),
  mask: Float32Array.of(1),
  B: 1,
  T: 1,
  advantages: Float32Array.of(1),
  ...over,
});

describe("grpo", () => {
  it("clips the ratio where it would push further than 1 ± ε, and only there", () => {
    const r = Math.exp(0.5); // log π − log π_old = 0.5: r ≈ 1.65 > 1 + ε
    const old = Float32Array.of(-1.5);
    const up = grpo(one({ oldLogprobs: old }), { klCoef: 0 });
    expect(up.loss).toBeCloseTo(-1.2, 12); // A > 0: −clip(r)·A
    expect(up.grad[0]).toBe(0);
    expect(up.metrics.clip_frac).toBe(1);
    const down = grpo(one({ oldLogprobs: old, advantages: Float32Array.of(-1) }), { klCoef: 0 });
    expect(down.loss).toBeCloseTo(r, 6); // A < 0: the unclipped r·A is the minimum
    expect(down.grad[0]).toBeCloseTo(r, 6); // −A·r
    expect(down.metrics.clip_frac).toBe(0);
    // DAPO's clip-higher lets r ≈ 1.65 through once ε_high ≥ 0.65.
    expect(grpo(one({ oldLogprobs: old }), { klCoef: 0, clipHigh: 0.7 }).grad[0]).toBeCloseTo(
      -r,
      6,
    );
  });

  it("adds β·k3 to the reference (DeepSeekMath Eq. 4)", () => {
    // ref − logprob = −0.5: k3 = e^−0.5 + 0.5 − 1, ∂k3/∂logprob = 1 − e^−0.5.
    const input = one({ refLogprobs: Float32Array.of(-1.5), advantages: Float32Array.of(0) });
    const { loss, grad, metrics } = grpo(input);
    const k3 = Math.exp(-0.5) - 0.5;
    expect(metrics.kl).toBeCloseTo(k3, 12);
    expect(loss).toBeCloseTo(0.04 * k3, 12);
    expect(grad[0]).toBeCloseTo(0.04 * (1 - Math.exp(-0.5)), 8);
  });

  it("without oldLogprobs is on-policy: ratio 1, gradient −A per token", () => {
    const input: LossInput = {
      logprobs: Float32Array.of(-1, -2, -3, -4),
      mask: Float32Array.of(1, 0, 1, 1),
      B: 2,
      T: 2,
      advantages: Float32Array.of(2, Number.NaN, -1, -1),
    };
    const { loss, grad, metrics } = grpo(input, { klCoef: 0 });
    expect(loss).toBeCloseTo(0, 12); // (−2 + 1 + 1) / 3
    expect([...grad]).toEqual([-2 / 3, 0, 1 / 3, 1 / 3].map(Math.fround));
    expect(metrics.ratio_mean).toBe(1);
  });

  it("aggregates by token (default) or by sequence", () => {
    // Lengths 1 and 3, A = 1 everywhere, on-policy.
    const input: LossInput = {
      logprobs: new Float32Array(6).fill(-1),
      mask: Float32Array.of(1, 0, 0, 1, 1, 1),
      B: 2,
      T: 3,
      advantages: new Float32Array(6).fill(1),
    };
    expect([...grpo(input, { klCoef: 0 }).grad]).toEqual([-0.25, 0, 0, -0.25, -0.25, -0.25]);
    const bySequence = grpo(input, { klCoef: 0, aggregation: "sequence-mean" }).grad;
    expect([...bySequence]).toEqual([-0.5, 0, 0, -1 / 6, -1 / 6, -1 / 6].map(Math.fround));
  });

  it("zero advantages (all-equal rewards, a group of one) give no policy gradient", () => {
    const batch = randomBatch({ seed: 7, B: 3, T: 6 });
    const { loss, grad, metrics } = grpo(
      { ...batch, advantages: new Float32Array(18) },
      { klCoef: 0 },
    );
    expect(loss).toBe(0);
    expect(grad.every((g) => g === 0)).toBe(true);
    expect(metrics.pg_loss).toBe(0);
  });

  it("stays finite far off-policy (log-ratios clamped to ±20)", () => {
    for (const shift of [-200, 200]) {
      const input = one({
        oldLogprobs: Float32Array.of(-1 - shift),
        refLogprobs: Float32Array.of(-1 - shift),
        advantages: Float32Array.of(-1),
      });
      const { loss, grad } = grpo(input);
      expect(Number.isFinite(loss)).toBe(true);
      expect(grad[0]).toBe(0);
    }
  });

  it("has the gradient of its loss in every regime (clipped, unclipped, both aggregations)", () => {
    for (const aggregation of ["token-mean", "sequence-mean"] as const)
      for (const seed of [11, 12]) {
        const batch = randomBatch({ seed, B: 6, T: 10 });
        expectGradientMatches(grpo, batch, {
          clipLow: 0.1,
          clipHigh: 0.15,
          klCoef: 0.3,
          aggregation,
        });
        const { metrics } = grpo(batch, { clipLow: 0.1, clipHigh: 0.15 });
        expect(metrics.clip_frac).toBeGreaterThan(0); // both branches exercised
        expect(metrics.clip_frac).toBeLessThan(1);
      }
  });

  it("needs advantages, and a reference only when klCoef > 0", () => {
    expect(() => grpo(one({ advantages: undefined }))).toThrow("advantages: required by grpo");
    expect(() => grpo(one({}))).toThrow("refLogprobs: required by grpo with klCoef > 0");
    expect(grpo(one({}), { klCoef: 0 }).loss).toBe(-1);
  });
});
