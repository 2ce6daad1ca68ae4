import { describe, expect, it } from "vitest";
import { takeBatch } from "./data.js";

describe("takeBatch", () => {
  it("visits every item once per epoch, continues across epochs, and is a pure function", () => {
    let cursor = { epoch: 0, index: 0 };
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const next = takeBatch({ cursor, count: 4, size: 10, seed: 7 });
      seen.push(...next.indices);
      cursor = next.cursor;
    }
    expect(cursor).toEqual({ epoch: 1, index: 2 });
    expect([...seen.slice(0, 10)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.slice(0, 10)).not.toEqual(seen.slice(10)); // a new shuffle each epoch
    const again = takeBatch({ cursor: { epoch: 0, index: 4 }, count: 4, size: 10, seed: 7 });
    expect(again.indices).toEqual(seen.slice(4, 8));
    const other = takeBatch({ cursor: { epoch: 0, index: 0 }, count: 10, size: 10, seed: 8 });
    expect(other.indices).not.toEqual(seen.slice(0, 10));
  });
});
