import { describe, expect, it } from "vitest";
import { type ReportTrajectory, ReportTrajectorySchema } from "./run-file-schemas.js";
import { summarizeEpisodes } from "./summarize-episodes.js";

function episode(
  scenario: string,
  metrics: Record<string, number | boolean>,
  extra: Partial<ReportTrajectory> = {},
): ReportTrajectory {
  return ReportTrajectorySchema.parse({
    id: `${scenario}-${Math.random()}`,
    scenario,
    metrics,
    reward: { total: Number(metrics.solve_f1 ?? 0), parts: {} },
    stop: "answer",
    ...extra,
  });
}

const tool = (f1: number, correct: boolean, calls: number, errors: number) => ({
  solve_p: f1,
  solve_r: f1,
  solve_f1: f1,
  answer_correct: correct,
  n_calls: calls,
  n_error_calls: errors,
  n_turns: 2,
});

describe("summarizeEpisodes", () => {
  const episodes = [
    episode("single_hop", tool(1, true, 1, 0)),
    episode("single_hop", tool(0.5, false, 2, 1)),
    episode("multi_hop", tool(0, false, 0, 0), { stop: "max_turns" }),
    episode("multi_hop", tool(1, true, 3, 1)),
  ];
  const summary = summarizeEpisodes(episodes);
  const overall = (key: string) => summary.overall.find((m) => m.key === key)!;

  it("computes toolgym eval's metrics (as metrics.json names them), overall and per scenario", () => {
    expect(summary.episodes).toBe(4);
    expect(overall("solve_f1").estimate).toBe(0.625);
    expect(overall("answer_accuracy").estimate).toBe(0.5);
    expect(overall("tool_use_rate").estimate).toBe(0.75);
    // Errors over calls, not a mean of per-episode rates: 2 errors in 6 calls.
    expect(overall("error_call_rate")).toMatchObject({ estimate: 2 / 6, n: 4, denominator: 6 });
    expect(overall("calls_per_episode").estimate).toBe(1.5);
    expect(overall("max_turns_rate").estimate).toBe(0.25);
    expect(overall("reward").estimate).toBe(0.625);
    expect(Object.keys(summary.groups)).toEqual(["multi_hop", "single_hop"]);
    const single = summary.groups.single_hop.find((m) => m.key === "solve_f1")!;
    expect(single).toMatchObject({ estimate: 0.75, n: 2 });
  });

  it("gives shares Wilson's interval and means a bootstrap interval around the estimate", () => {
    expect(overall("answer_accuracy").kind).toBe("proportion");
    expect(overall("answer_accuracy").low).toBeCloseTo(0.15, 2); // Wilson, 2 of 4
    expect(overall("answer_accuracy").high).toBeCloseTo(0.85, 2);
    const f1 = overall("solve_f1");
    expect(f1.kind).toBe("mean");
    expect(f1.low).toBeLessThan(f1.estimate);
    expect(f1.high).toBeGreaterThan(f1.estimate);
    expect(f1.low).toBeGreaterThanOrEqual(0);
    expect(f1.high).toBeLessThanOrEqual(1);
  });

  it("shows metrics it does not know by name: booleans as shares, numbers as means", () => {
    // A math evaluation's episodes: no Solve-F1, but `correct`, `used_tool` and a count.
    const math = [
      episode("gsm8k", { correct: true, used_tool: true, calculator_errors: 0, n_calls: 1 }),
      episode("gsm8k", { correct: false, used_tool: false, calculator_errors: 2, n_calls: 0 }),
      episode("gsm8k", { correct: true, used_tool: true, calculator_errors: 1, n_calls: 2 }),
    ];
    const m = summarizeEpisodes(math).overall;
    expect(m.map((x) => x.key)).toEqual([
      "tool_use_rate",
      "calls_per_episode",
      "reward",
      "max_turns_rate",
      "calculator_errors",
      "correct",
      "used_tool",
    ]);
    expect(m.find((x) => x.key === "correct")).toMatchObject({ kind: "proportion", n: 3 });
    expect(m.find((x) => x.key === "correct")!.estimate).toBeCloseTo(2 / 3, 12);
    expect(m.find((x) => x.key === "calculator_errors")).toMatchObject({
      kind: "mean",
      estimate: 1,
    });
  });

  it("groups episodes without a scenario by their problem type", () => {
    const typed = [
      episode("x", { correct: true }, { scenario: undefined, meta: { type: "Subtraction" } }),
      episode("x", { correct: false }, { scenario: undefined, meta: {} }),
    ];
    expect(Object.keys(summarizeEpisodes(typed).groups)).toEqual(["Subtraction", "unknown"]);
  });
});
