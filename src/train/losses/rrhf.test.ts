import { describe, expect, it } from "vitest";
import { LossInputError } from "./errors/loss-input-error.js";
import type { LossInput } from "./loss-fn.js";
import { rrhf } from "./rrhf.js";

// One group of three, T = 2, all tokens counted. Scores p = (−1, −0.5, −1.5), rewards (1, 0, 0.5):
// pairs r_i < r_j: (1 ≺ 0) p1 − p0 = 0.5 mis-ordered; (1 ≺ 2) p1 − p2 = 1 mis-ordered;
// (2 ≺ 0) p2 − p0 = −0.5 ordered. L_rank = 1.5, accuracy 1/3; best = row 0, L_sft = 1.
const three: LossInput = {
  logprobs: Float32Array.of(-1, -1, -0.5, -0.5, -2, -1),
  mask: new Float32Array(6).fill(1),
  B: 3,
  T: 2,
  rewards: Float64Array.of(1, 0, 0.5),
  groups: Int32Array.of(7, 7, 7),
};

describe("rrhf", () => {
  it("matches a hand-computed group (TRICE Eq. 4–7)", () => {
    const { loss, grad, metrics } = rrhf(three, { alpha: 2 });
    expect(loss).toBeCloseTo(2 * 1.5 + 1, 12);
    expect(metrics).toEqual({
      rank_loss: 1.5,
      sft_loss: 1,
      rank_accuracy: 1 / 3,
      rank_pairs: 3,
      groups: 1,
    });
    // ∂L/∂p = (−α − 1, +2α, −α) for rows (0, 1, 2), spread as ·1/|y| = ·1/2 over each row's tokens.
    expect([...grad]).toEqual([-1.5, -1.5, 2, 2, -1, -1]);
  });

  it("uses TRICE's α = 1 and length normalization by default", () => {
    expect(rrhf(three).loss).toBeCloseTo(2.5, 12);
    // λ = 0: p is the plain sum, (−2, −1, −3): mis-ordered pairs give 1 + 2, SFT gives 2.
    expect(rrhf(three, { lengthPenalty: 0 }).loss).toBeCloseTo(5, 12);
  });

  it("averages over groups, whatever their ids", () => {
    const single = rrhf(three).loss;
    const two: LossInput = {
      ...three,
      logprobs: Float32Array.from([...three.logprobs, -0.1, -0.1]),
      mask: new Float32Array(8).fill(1),
      B: 4,
      rewards: Float64Array.of(1, 0, 0.5, 3),
      groups: Int32Array.of(7, 7, 7, -2),
    };
    const { loss, metrics } = rrhf(two);
    expect(loss).toBeCloseTo((single - Math.fround(-0.1)) / 2, 12);
    expect(metrics.groups).toBe(2);
  });

  it("all-equal rewards: no pair, zero rank loss, SFT on the first candidate", () => {
    const { loss, grad, metrics } = rrhf({ ...three, rewards: Float64Array.of(2, 2, 2) });
    expect(metrics.rank_loss).toBe(0);
    expect(metrics.rank_pairs).toBe(0);
    expect(metrics.rank_accuracy).toBe(0);
    expect(loss).toBe(1);
    expect([...grad]).toEqual([-0.5, -0.5, 0, 0, 0, 0]);
  });

  it("a group of one is pure SFT on it", () => {
    const { loss, metrics } = rrhf({
      logprobs: Float32Array.of(-2, -4),
      mask: Float32Array.of(1, 1),
      B: 1,
      T: 2,
      rewards: Float64Array.of(0),
      groups: Int32Array.of(0),
    });
    expect(loss).toBe(3);
    expect(metrics.rank_pairs).toBe(0);
  });

  it("a fully masked candidate takes no part, even with the best reward and a NaN reward", () => {
    const withEmpty: LossInput = {
      ...three,
      logprobs: Float32Array.from([...three.logprobs, Number.NaN, Number.NaN]),
      mask: Float32Array.of(1, 1, 1, 1, 1, 1, 0, 0),
      B: 4,
      rewards: Float64Array.of(1, 0, 0.5, 99),
      groups: Int32Array.of(7, 7, 7, 7),
    };
    const base = rrhf(three);
    const result = rrhf(withEmpty);
    expect(result.loss).toBe(base.loss);
    expect([...result.grad]).toEqual([...base.grad, 0, 0]);
    withEmpty.rewards = Float64Array.of(1, 0, 0.5, Number.NaN);
    expect(rrhf(withEmpty).loss).toBe(base.loss);
  });

  it("needs finite rewards and groups for the candidates that count", () => {
    expect(() => rrhf({ ...three, rewards: Float64Array.of(1, Number.NaN, 0) })).toThrow(
      "rewards[1]: must be finite, got NaN",
    );
    expect(() => rrhf({ ...three, groups: undefined })).toThrow(LossInputError);
    expect(() => rrhf({ ...three, rewards: undefined })).toThrow("rewards: required by rrhf");
  });

  it("counts ranking accuracy over ordered pairs only", () => {
    // Scores already in reward order: accuracy 1, rank loss 0.
    const { metrics } = rrhf({ ...three, rewards: Float64Array.of(1, 2, 0) });
    expect(metrics.rank_accuracy).toBe(1);
    expect(metrics.rank_loss).toBe(0);
  });
});
