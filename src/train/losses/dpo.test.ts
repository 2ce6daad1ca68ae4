import { describe, expect, it } from "vitest";
import { dpo } from "./dpo.js";
import type { LossInput } from "./loss-fn.js";

// One pair, T = 3. Chosen (row 0): π = −1 − 2 = −3 over its two response tokens, ref = −4.
// Rejected (row 1): π = −5, ref = −4. β = 0.1: rewards 0.1 and −0.1, h = 0.2.
const pair: LossInput = {
  logprobs: Float32Array.of(-7, -1, -2, -7, -2, -3),
  refLogprobs: Float32Array.of(-7, -2, -2, -7, -1, -3),
  mask: Float32Array.of(0, 1, 1, 0, 1, 1),
  B: 2,
  T: 3,
};

describe("dpo", () => {
  it("matches a hand-computed pair", () => {
    const { loss, grad, metrics } = dpo(pair);
    expect(loss).toBeCloseTo(Math.log(1 + Math.exp(-0.2)), 12);
    const pull = 0.1 / (1 + Math.exp(0.2)); // β·σ(−h)
    expect(grad[0]).toBe(0);
    expect(grad[1]).toBeCloseTo(-pull, 7);
    expect(grad[4]).toBeCloseTo(pull, 7);
    expect(metrics.reward_accuracy).toBe(1);
    expect(metrics.reward_margin).toBeCloseTo(0.2, 12);
    expect(metrics.chosen_reward).toBeCloseTo(0.1, 12);
    expect(metrics.rejected_reward).toBeCloseTo(-0.1, 12);
    expect(metrics.pairs).toBe(1);
  });

  it("is log 2 with a zero margin, whatever β", () => {
    const same = { ...pair, refLogprobs: pair.logprobs };
    expect(dpo(same, { beta: 3 }).loss).toBeCloseTo(Math.LN2, 12);
    expect(dpo(same).metrics.reward_accuracy).toBe(0);
  });

  it("stays finite at extreme margins", () => {
    for (const shift of [-1e4, 1e4]) {
      const far = { ...pair, logprobs: Float32Array.of(-7, -1 + shift, -2, -7, -2, -3) };
      const { loss, grad } = dpo(far);
      expect(Number.isFinite(loss)).toBe(true);
      expect(grad.every(Number.isFinite)).toBe(true);
    }
    const winning = { ...pair, logprobs: Float32Array.of(-7, 1e4, -2, -7, -2, -3) };
    expect(dpo(winning).loss).toBe(0);
  });

  it("skips a pair with a fully masked side and averages over the rest", () => {
    const two: LossInput = {
      logprobs: Float32Array.from([...pair.logprobs, -1, -1, -1, -1, -1, -1]),
      refLogprobs: Float32Array.from([...pair.refLogprobs!, -1, -1, -1, -1, -1, -1]),
      mask: Float32Array.from([...pair.mask, 1, 1, 1, 0, 0, 0]),
      B: 4,
      T: 3,
    };
    const { loss, grad, metrics } = dpo(two);
    expect(metrics.pairs).toBe(1);
    expect(loss).toBe(dpo(pair).loss);
    expect(grad.slice(6).every((g) => g === 0)).toBe(true);
  });

  it("needs pairs and a reference", () => {
    expect(() => dpo({ ...pair, refLogprobs: undefined })).toThrow("refLogprobs: required by dpo");
    expect(() =>
      dpo({
        logprobs: new Float32Array(3),
        refLogprobs: new Float32Array(3),
        mask: new Float32Array(3),
        B: 1,
        T: 3,
      }),
    ).toThrow("B = 1 is odd");
  });
});
