import { describe, expect, it } from "vitest";
import { matchSubtask } from "./match-subtask.js";
import { subAnswerMatches } from "./sub-answer-matches.js";
import { unsolvedSet } from "./unsolved-set.js";

const subtask = (tool: string, answer: string) => ({
  question: "",
  tool,
  arguments: {},
  answer,
  after: [],
});

describe("subAnswerMatches (FTRL answer_verify)", () => {
  it("needs every ', '-part, case- and comma-insensitively", () => {
    expect(subAnswerMatches('{"city": "Paris", "population": 2148000}', "Paris, 2,148,000")).toBe(
      true,
    );
    expect(subAnswerMatches('{"city": "Paris"}', "Paris, 2,148,000")).toBe(false);
    expect(subAnswerMatches("21.5 C", "22")).toBe(false);
    expect(subAnswerMatches("TOTAL: 1,250", "1250")).toBe(true);
  });

  it("splits on ', ' only: a bare comma is stripped, not a separator", () => {
    expect(subAnswerMatches("12,5 and more", "12,5")).toBe(true);
    expect(subAnswerMatches("125", "12,5")).toBe(true);
  });

  it("is substring matching, as FTRL's", () => {
    expect(subAnswerMatches("1000", "100")).toBe(true);
  });
});

describe("matchSubtask", () => {
  const subtasks = [
    subtask("weather", "sunny"),
    subtask("weather", "rain"),
    subtask("time", "9:00"),
  ];

  it("returns the first unsolved subtask of the same tool whose answer is in the output", () => {
    expect(
      matchSubtask({
        subtasks,
        unsolved: new Set([0, 1, 2]),
        tool: "weather",
        output: "Rain all day",
      }),
    ).toBe(1);
    expect(
      matchSubtask({ subtasks, unsolved: new Set([0]), tool: "weather", output: "Rain all day" }),
    ).toBeNull();
  });

  it("ignores subtasks of other tools even when the answer is there", () => {
    expect(
      matchSubtask({ subtasks, unsolved: new Set([2]), tool: "weather", output: "9:00" }),
    ).toBeNull();
    expect(
      matchSubtask({ subtasks, unsolved: new Set([2]), tool: "time", output: "it is 9:00" }),
    ).toBe(2);
  });

  it("credits plan order when one output answers two subtasks", () => {
    const twins = [subtask("f", "1"), subtask("f", "1")];
    expect(
      matchSubtask({ subtasks: twins, unsolved: new Set([0, 1]), tool: "f", output: "1" }),
    ).toBe(0);
    expect(matchSubtask({ subtasks: twins, unsolved: new Set([1]), tool: "f", output: "1" })).toBe(
      1,
    );
  });
});

describe("unsolvedSet", () => {
  it("groups the unsolved sub-answers by tool, in plan order", () => {
    const plan = [subtask("weather", "sunny"), subtask("time", "9:00"), subtask("weather", "rain")];
    expect(unsolvedSet(plan)).toEqual({ weather: ["sunny", "rain"], time: ["9:00"] });
    expect(unsolvedSet(plan, [0])).toEqual({ time: ["9:00"], weather: ["rain"] });
    expect(unsolvedSet(plan, [0, 1, 2])).toEqual({});
  });
});
