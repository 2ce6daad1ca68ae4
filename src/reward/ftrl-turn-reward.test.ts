import { describe, expect, it } from "vitest";
import type { Message } from "../core/index.js";
import { ftrlTurnReward, ftrlTurnRewards, ftrlTurnScore } from "./ftrl-turn-reward.js";

const turn = (over: Partial<Parameters<typeof ftrlTurnScore>[0]>) =>
  ftrlTurnScore({ calls: 0, solved: 0, content: "", answer: "42", unsolvedBefore: 0, ...over });

describe("ftrlTurnScore (FTRL compute_solve_f1)", () => {
  it("scores a calling turn 2k/(n+1)", () => {
    expect(turn({ calls: 1, solved: 1 })).toBe(1);
    expect(turn({ calls: 2, solved: 2 })).toBeCloseTo(4 / 3, 12);
    expect(turn({ calls: 3, solved: 1 })).toBe(0.5);
    expect(turn({ calls: 2, solved: 0, content: "42" })).toBe(0);
  });

  it("scores an answering turn by FTRL's rules, first that applies", () => {
    expect(turn({ content: null })).toBe(-0.5);
    expect(turn({ content: "   " })).toBe(-0.5);
    expect(turn({ content: "<tool_call>{bad json 42" })).toBe(-0.3);
    expect(turn({ content: "done </tool_call> 42" })).toBe(-0.3);
    expect(turn({ content: "<tool_parsed_response>" })).toBe(-0.3);
    expect(turn({ content: "The answer is 42.", unsolvedBefore: 0 })).toBe(1);
    expect(turn({ content: "The answer is 42.", unsolvedBefore: 3 })).toBe(0.25);
    expect(turn({ content: "I think 41.", unsolvedBefore: 0 })).toBe(0.5);
    expect(turn({ content: "I think 41.", unsolvedBefore: 1 })).toBe(0);
  });

  it("finds the gold answer case- and comma-insensitively", () => {
    expect(turn({ content: "TOTAL 1,250 USD", answer: "1250 usd" })).toBe(1);
    expect(turn({ content: "paris, france", answer: "Paris, France" })).toBe(1);
  });
});

const call = (id: string) => ({
  id,
  type: "function" as const,
  function: { name: "f", arguments: "{}" },
});
const assistant = (content: string | null, ...ids: string[]): Message => ({
  role: "assistant",
  content,
  ...(ids.length > 0 ? { tool_calls: ids.map(call) } : {}),
});
const tool = (id: string): Message => ({ role: "tool", tool_call_id: id, content: "…" });

describe("ftrlTurnRewards / ftrlTurnReward", () => {
  it("runs the doc example", () => {
    const messages: Message[] = [
      { role: "user", content: "…" },
      assistant(null, "a", "b"),
      tool("a"),
      tool("b"),
      assistant("The answer is 42."),
    ];
    const rewards = ftrlTurnRewards(
      [{ messages, calls: [{ solved: 0 }, { solved: null }] }],
      [{ subtasks: [{}], answer: "42" }],
    );
    expect(rewards).toHaveLength(1);
    expect(rewards[0][0]).toBeCloseTo(2 / 3, 12);
    expect(rewards[0][1]).toBe(1);
  });

  it("pairs calls with turns by position and tracks the unsolved count across turns", () => {
    const messages: Message[] = [
      { role: "user", content: "q" },
      assistant(null, "a"),
      tool("a"),
      assistant(null, "b", "c"),
      tool("b"),
      tool("c"),
      assistant("answer: 42"),
    ];
    const calls = [{ solved: 0 }, { solved: 1 }, { solved: 0 }];
    const [rewards] = ftrlTurnRewards(
      [{ messages, calls }],
      [{ subtasks: [{}, {}, {}], answer: "42" }],
    );
    // turn 1: 1 of 1 → 1; turn 2: subtask 1 new, subtask 0 again → k=1 of 2 → 2/3;
    // turn 3: answer given with one subtask still unsolved → 1/2.
    expect(rewards[0]).toBe(1);
    expect(rewards[1]).toBeCloseTo(2 / 3, 12);
    expect(rewards[2]).toBe(0.5);
    const [mean] = ftrlTurnReward(
      [{ messages, calls }],
      [{ subtasks: [{}, {}, {}], answer: "42" }],
    );
    expect(mean).toBeCloseTo((1 + 2 / 3 + 0.5) / 3, 12);
  });

  it("averages the per-turn rewards, null when there is no assistant turn", () => {
    expect(
      ftrlTurnReward(
        [
          { messages: [assistant(""), assistant("42")], calls: [] },
          { messages: [{ role: "user", content: "q" }], calls: [] },
        ],
        [
          { subtasks: [], answer: "42" },
          { subtasks: [], answer: "42" },
        ],
      ),
    ).toEqual([0.25, null]);
  });
});
