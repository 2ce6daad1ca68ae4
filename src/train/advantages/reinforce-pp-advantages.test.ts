import { describe, expect, it } from "vitest";
import type { AdvantageInput } from "./advantage-fn.js";
import { reinforcePpAdvantages } from "./reinforce-pp-advantages.js";

describe("reinforcePpAdvantages", () => {
  it("without KL: the reward broadcast, whitened over every token of the batch", () => {
    // Row 0 one token with reward 1, row 1 three tokens with reward 0: token returns (1, 0, 0, 0),
    // mean 0.25, population var 0.1875.
    const { advantages, metrics } = reinforcePpAdvantages(
      {
        rewards: Float64Array.of(1, 0),
        mask: Float32Array.of(1, 0, 0, 1, 1, 1),
        B: 2,
        T: 3,
      },
      { klCoef: 0 },
    );
    const sd = Math.sqrt(0.1875);
    expect([...advantages]).toEqual(
      [0.75 / sd, 0, 0, -0.25 / sd, -0.25 / sd, -0.25 / sd].map(Math.fround),
    );
    expect(metrics.reward_mean).toBe(0.5);
    expect(metrics.return_mean).toBe(0.25);
    expect(metrics.return_std).toBeCloseTo(sd, 12);
  });

  it("folds a per-token k1 KL penalty into returns-to-go, skipping masked tool output", () => {
    // One row: response token, tool output (masked, NaN), response token. old − ref = (0.5, ·, 0.2).
    // β = 0.1, R = 1: G = (1 − 0.1·0.7, ·, 1 − 0.1·0.2) = (0.93, ·, 0.98) → whitened (−1, 0, 1).
    const input: AdvantageInput = {
      rewards: Float64Array.of(1),
      mask: Float32Array.of(1, 0, 1),
      B: 1,
      T: 3,
      oldLogprobs: Float64Array.of(-1, Number.NaN, -2),
      refLogprobs: Float64Array.of(-1.5, Number.NaN, -2.2),
    };
    const { advantages, metrics } = reinforcePpAdvantages(input, { klCoef: 0.1 });
    expect(advantages[0]).toBeCloseTo(-1, 6);
    expect(advantages[1]).toBe(0);
    expect(advantages[2]).toBeCloseTo(1, 6);
    expect(metrics.kl).toBeCloseTo(0.35, 12);
    expect(metrics.return_mean).toBeCloseTo(0.955, 12);
  });

  it("REINFORCE++-baseline: subtracts the group mean before whitening", () => {
    const { advantages } = reinforcePpAdvantages(
      {
        rewards: Float64Array.of(1, 0, 5, 5),
        mask: new Float32Array(4).fill(1),
        B: 4,
        T: 1,
        groups: Int32Array.of(0, 0, 1, 1),
      },
      { klCoef: 0, baseline: "group-mean" },
    );
    // outcomes (0.5, −0.5, 0, 0): mean 0, var 0.125.
    const a = 0.5 / Math.sqrt(0.125);
    expect([...advantages]).toEqual([a, -a, 0, 0].map(Math.fround));
  });

  it("gives exactly 0, not NaN, when every return is equal and for masked sequences", () => {
    const equal = reinforcePpAdvantages(
      { rewards: Float64Array.of(0.1, 0.1, 0.1), mask: new Float32Array(6).fill(1), B: 3, T: 2 },
      { klCoef: 0 },
    );
    expect(equal.advantages.every((a) => a === 0)).toBe(true);
    const none = reinforcePpAdvantages(
      { rewards: Float64Array.of(Number.NaN, 2), mask: new Float32Array(4), B: 2, T: 2 },
      { klCoef: 0 },
    );
    expect(none.advantages.every((a) => a === 0)).toBe(true);
    expect(Object.values(none.metrics).every(Number.isFinite)).toBe(true);
  });

  it("needs the sampling and reference log-probs for its KL, and groups for a baseline", () => {
    const input = { rewards: Float64Array.of(1), mask: Float32Array.of(1), B: 1, T: 1 };
    expect(() => reinforcePpAdvantages(input)).toThrow(
      "oldLogprobs: required by reinforcePpAdvantages with klCoef > 0",
    );
    expect(() => reinforcePpAdvantages(input, { klCoef: 0, baseline: "group-mean" })).toThrow(
      "groups: required",
    );
    expect(() => reinforcePpAdvantages(input, { klCoef: -1 })).toThrow(
      "reinforcePpAdvantages.klCoef",
    );
  });
});
