import { describe, expect, it } from "vitest";
import { sft } from "./sft.js";

describe("sft", () => {
  it("is the token-mean NLL over masked-in tokens across the batch", () => {
    // Row 0: prompt (masked), two response tokens; row 1: one token, then padding holding NaN.
    const { loss, grad, metrics } = sft({
      logprobs: Float32Array.of(-9, -1, -3, -0.5, Number.NaN, Number.NaN),
      mask: Float32Array.of(0, 1, 1, 1, 0, 0),
      B: 2,
      T: 3,
    });
    expect(loss).toBeCloseTo((1 + 3 + 0.5) / 3, 12);
    expect([...grad]).toEqual([0, -1 / 3, -1 / 3, -1 / 3, 0, 0].map(Math.fround));
    expect(metrics).toEqual({ nll: loss, tokens: 3 });
  });

  it("weighs tokens, not sequences: a long response counts for more", () => {
    const { grad } = sft({
      logprobs: new Float32Array(8).fill(-1),
      mask: Float32Array.of(1, 0, 0, 0, 1, 1, 1, 1),
      B: 2,
      T: 4,
    });
    expect(grad[0]).toBe(grad[4]);
    expect(grad[0]).toBeCloseTo(-1 / 5, 7);
  });
});
