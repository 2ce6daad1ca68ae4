import { describe, expect, it } from "vitest";
import { triceExecutionScore } from "./trice-execution-score.js";

describe("triceExecutionScore", () => {
  it("runs the doc example", () => {
    const [scores] = triceExecutionScore(
      [
        [
          { prediction: 72, usedTool: true, isGold: true },
          { prediction: 72, usedTool: true },
          { prediction: 72, usedTool: false },
          { prediction: 70, usedTool: true },
          { prediction: 10, usedTool: false },
          { prediction: null, usedTool: true },
        ],
      ],
      [{ answer: 72, usedTool: true }],
    );
    expect(scores.slice(0, 3)).toEqual([3, 2, 1]);
    expect(scores[3]).toBeCloseTo(1 / 3, 12);
    expect(scores[4]).toBeCloseTo(1 / 63, 12);
    expect(scores[5]).toBe(0);
  });

  it("orders every tier strictly and ties equal quality", () => {
    const gold = { answer: 10, usedTool: false };
    const [s] = triceExecutionScore(
      [
        [
          { prediction: 10.0000001, usedTool: false },
          { prediction: 10, usedTool: false },
          { prediction: 10, usedTool: true },
          { prediction: 10.01, usedTool: false },
          { prediction: 9.99, usedTool: true },
          { prediction: -1000, usedTool: false },
          { prediction: Number.NaN, usedTool: true },
          { prediction: null, usedTool: false },
        ],
      ],
      [gold],
    );
    expect(s[0]).toBe(s[1]);
    expect(s[1]).toBeGreaterThan(s[2]);
    expect(s[2]).toBeGreaterThan(s[3]);
    expect(s[3]).toBeCloseTo(s[4], 12);
    expect(s[4]).toBeGreaterThan(s[5]);
    expect(s[5]).toBeGreaterThan(0);
    expect(s[6]).toBe(0);
    expect(s[7]).toBe(0);
  });

  it("scores each question against its own gold", () => {
    const scores = triceExecutionScore(
      [[{ prediction: 5, usedTool: true }], [{ prediction: 5, usedTool: true }]],
      [
        { answer: 5, usedTool: true },
        { answer: 6, usedTool: true },
      ],
    );
    expect(scores).toEqual([[2], [0.5]]);
  });
});
