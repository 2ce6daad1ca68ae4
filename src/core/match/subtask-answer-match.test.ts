import { describe, expect, it } from "vitest";
import type { Subtask } from "../records/environment-record.js";
import { findSolvedSubtask, outputSolvesAnswer, unsolvedSet } from "./subtask-answer-match.js";

describe("outputSolvesAnswer", () => {
  it("needs every comma-separated part, case- and comma-insensitively", () => {
    expect(outputSolvesAnswer('{"temp": 21, "unit": "C"}', "21, c")).toBe(true);
    expect(outputSolvesAnswer("Population: 1,234,567", "1234567")).toBe(true);
    expect(outputSolvesAnswer('{"temp": 21}', "21, fahrenheit")).toBe(false);
  });
  it("never matches an empty answer", () => {
    expect(outputSolvesAnswer("anything", "")).toBe(false);
  });
});

describe("findSolvedSubtask", () => {
  const subtasks: Subtask[] = [
    { question: "a", tool: "t", arguments: {}, answer: "Paris", after: [] },
    { question: "b", tool: "u", arguments: {}, answer: "Paris", after: [] },
    { question: "c", tool: "t", arguments: {}, answer: "Rome", after: [] },
  ];
  it("only matches unsolved subtasks of the same tool", () => {
    expect(
      findSolvedSubtask({ subtasks, unsolved: new Set([0, 1, 2]), tool: "u", output: "paris" }),
    ).toBe(1);
    expect(
      findSolvedSubtask({ subtasks, unsolved: new Set([1, 2]), tool: "t", output: "paris" }),
    ).toBe(null);
    expect(findSolvedSubtask({ subtasks, unsolved: new Set([2]), tool: "t", output: "ROME" })).toBe(
      2,
    );
  });
  it("derives FTRL's unsolved_set", () => {
    expect(unsolvedSet(subtasks, new Set([0, 2]))).toEqual({ t: ["Paris", "Rome"] });
  });
});
