import { describe, expect, it } from "vitest";
import { grpo } from "./grpo.js";
import { reinforcePp } from "./reinforce-pp.js";
import { expectGradientMatches } from "./test-helpers/loss-gradient.js";
import { randomBatch } from "./test-helpers/random-batch.js";

describe("reinforce-pp", () => {
  it("is the clipped surrogate with no KL term by default (the KL is in the advantages)", () => {
    const batch = randomBatch({ seed: 21, B: 4, T: 8 });
    const { refLogprobs: _, ...noReference } = batch;
    const ours = reinforcePp(noReference);
    const same = grpo(noReference, { klCoef: 0 });
    expect(ours.loss).toBe(same.loss);
    expect([...ours.grad]).toEqual([...same.grad]);
    expect(ours.metrics.kl).toBe(0);
  });

  it("has the gradient of its loss, with the optional k3 term", () => {
    expectGradientMatches(reinforcePp, randomBatch({ seed: 22, B: 5, T: 9 }), { klCoef: 0.2 });
    expect(() =>
      reinforcePp(randomBatch({ seed: 23, B: 1, T: 3 }), { klCoef: 0.2, clipLow: 2 }),
    ).toThrow("reinforce-pp.clipLow");
  });
});
