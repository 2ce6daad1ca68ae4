import { describe, expect, it } from "vitest";
import { padBatch } from "./pad-batch.js";
import { fitsContext } from "./token-sequences.js";

describe("padBatch", () => {
  it("shifts targets by one, masks by the target's loss mask, and pads with mask 0", () => {
    const batch = padBatch([
      { ids: [5, 6, 7, 8], lossMask: [0, 0, 1, 1], logprobs: [0, 0, -0.5, -1] },
      { ids: [9, 10], lossMask: [0, 1], logprobs: [0, -2] },
    ]);
    expect(batch.B).toBe(2);
    expect(batch.T).toBe(3);
    expect([...batch.tokens]).toEqual([5, 6, 7, 9, 1, 1]);
    expect([...batch.targets]).toEqual([6, 7, 8, 10, 1, 1]);
    expect([...batch.mask]).toEqual([0, 1, 1, 1, 0, 0]);
    expect([...batch.logprobs!]).toEqual([0, -0.5, -1, -2, 0, 0]);
  });

  it("takes a fixed T and a pad id, leaves logprobs out unless every sequence has them", () => {
    const batch = padBatch([{ ids: [1, 2], lossMask: [0, 1] }], { T: 3, padId: 0 });
    expect([...batch.tokens]).toEqual([1, 0, 0]);
    expect(batch.logprobs).toBeUndefined();
  });

  it("refuses sequences that do not fit a row", () => {
    expect(() => padBatch([])).toThrow(RangeError);
    expect(() => padBatch([{ ids: [1], lossMask: [1] }])).toThrow(/2 … 1/);
    expect(() => padBatch([{ ids: [1, 2, 3], lossMask: [0, 1, 1] }], { T: 1 })).toThrow(RangeError);
    expect(() => padBatch([{ ids: [1, 2], lossMask: [1] }])).toThrow(/differ in length/);
  });
});

describe("fitsContext", () => {
  it("takes up to ctx + 1 ids that train something", () => {
    expect(fitsContext({ ids: [1, 2, 3], lossMask: [0, 1, 1] }, 2)).toBe(true);
    expect(fitsContext({ ids: [1, 2, 3, 4], lossMask: [0, 1, 1, 1] }, 2)).toBe(false);
    expect(fitsContext({ ids: [1, 2, 3], lossMask: [1, 0, 0] }, 8)).toBe(false);
  });
});
