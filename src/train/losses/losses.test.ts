import { describe, expect, it } from "vitest";
import {
  ALGORITHMS,
  getLoss,
  isTrainAlgo,
  type LossOptions,
  TRAIN_ALGOS,
  type TrainAlgo,
} from "../algorithms.js";
import { UnknownLossError } from "./errors/unknown-loss-error.js";
import type { LossInput } from "./loss-fn.js";
import { expectGradientMatches } from "./test-helpers/loss-gradient.js";
import { randomBatch } from "./test-helpers/random-batch.js";

// Options that exercise every term of each loss (non-default, non-zero KL where there is one).
const OPTIONS: { [N in TrainAlgo]: LossOptions<N> } = {
  sft: {},
  rrhf: { alpha: 1.7, lengthPenalty: 0.8 },
  dpo: { beta: 0.5 },
  grpo: { clipLow: 0.2, clipHigh: 0.28, klCoef: 0.1 },
  "reinforce-pp": { klCoef: 0.05, aggregation: "sequence-mean" },
};

describe("the algorithm table's losses", () => {
  it("names every loss and hands out the function", () => {
    expect(TRAIN_ALGOS).toEqual(["sft", "rrhf", "dpo", "grpo", "reinforce-pp"]);
    for (const name of TRAIN_ALGOS) expect(getLoss(name)).toBe(ALGORITHMS[name].loss);
    expect(isTrainAlgo("grpo")).toBe(true);
    expect(isTrainAlgo("toString")).toBe(false);
  });

  it("throws UnknownLossError listing the valid names", () => {
    expect(() => getLoss("ppo")).toThrow(UnknownLossError);
    expect(() => getLoss("ppo")).toThrow("valid losses: sft, rrhf, dpo, grpo, reinforce-pp");
    try {
      getLoss("constructor");
    } catch (error) {
      expect(error).toMatchObject({ lossName: "constructor", validNames: TRAIN_ALGOS });
    }
  });

  it("validates options at the boundary: defaults filled in, unknown keys rejected", () => {
    expect(ALGORITHMS.grpo.lossOptions.parse({})).toEqual({
      clipLow: 0.2,
      clipHigh: 0.2,
      klCoef: 0.04,
      aggregation: "token-mean",
    });
    expect(ALGORITHMS.rrhf.lossOptions.parse({})).toEqual({ alpha: 1, lengthPenalty: 1 });
    expect(ALGORITHMS.dpo.lossOptions.parse({})).toEqual({ beta: 0.1 });
    expect(() => ALGORITHMS.sft.lossOptions.parse({ lr: 1 })).toThrow();
    const batch = randomBatch({ seed: 1, B: 2, T: 6 });
    expect(() => getLoss("grpo")(batch, { clipHigh: -0.1 })).toThrow("grpo.clipHigh");
    // @ts-expect-error a misspelled option is a type error too
    expect(() => getLoss("dpo")(batch, { betta: 1 })).toThrow("dpo");
  });
});

describe.each(TRAIN_ALGOS)("%s", (name) => {
  const loss = getLoss(name);
  const options = OPTIONS[name];

  it("has the gradient of its loss (float64 central differences)", () => {
    for (const seed of [1, 2, 3]) {
      // groups of 4 for RRHF; B even for DPO's pairs
      expectGradientMatches(loss, randomBatch({ seed, B: 8, T: 9, groupSize: 4 }), options);
    }
  });

  it("gives loss 0, a zero gradient and finite metrics on an all-masked batch", () => {
    const batch: LossInput = { ...randomBatch({ seed: 4, B: 4, T: 5 }) };
    batch.mask = new Float32Array(20);
    const { loss: value, grad, metrics } = loss(batch, options);
    expect(value).toBe(0);
    expect(grad.every((g) => g === 0)).toBe(true);
    for (const [key, metric] of Object.entries(metrics))
      expect(Number.isFinite(metric), key).toBe(true);
  });

  it("gives loss 0 on an empty batch", () => {
    const empty = {
      logprobs: new Float32Array(0),
      mask: new Float32Array(0),
      B: 0,
      T: 7,
      refLogprobs: new Float32Array(0),
      advantages: new Float32Array(0),
      rewards: new Float64Array(0),
      groups: new Int32Array(0),
    };
    expect(loss(empty, options).loss).toBe(0);
  });

  it("never mutates its input", () => {
    const batch = randomBatch({ seed: 5, B: 4, T: 6, groupSize: 2 });
    const before = JSON.stringify(
      Object.values(batch).map((v) => (typeof v === "number" ? v : [...v])),
    );
    loss(batch, options);
    expect(
      JSON.stringify(Object.values(batch).map((v) => (typeof v === "number" ? v : [...v]))),
    ).toBe(before);
  });

  it("rejects arrays whose length disagrees with (B, T)", () => {
    const batch = randomBatch({ seed: 6, B: 2, T: 4 });
    expect(() => loss({ ...batch, mask: new Float32Array(7) }, options)).toThrow(
      "mask: length 7, expected B·T = 2·4 = 8",
    );
    expect(() => loss({ ...batch, B: 1.5 }, options)).toThrow("B: must be an integer");
  });
});
