import { describe, expect, it } from "vitest";
import type { Subtask } from "../core/index.js";
import { goldPlanWaves } from "./oracle-policy.js";

const st = (after: number[] = []): Subtask => ({
  question: "",
  tool: "t",
  arguments: {},
  answer: "a",
  after,
});

describe("goldPlanWaves", () => {
  it("puts independent subtasks in one wave and chains in successive waves", () => {
    expect(goldPlanWaves([st(), st()])).toEqual([[0, 1]]);
    expect(goldPlanWaves([st(), st([0]), st([1])])).toEqual([[0], [1], [2]]);
    expect(goldPlanWaves([st(), st(), st([0]), st([1])])).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(goldPlanWaves([st(), st(), st([0, 1])])).toEqual([[0, 1], [2]]);
    expect(goldPlanWaves([])).toEqual([]);
  });
});
