import type { MathTrajectory } from "./math-trajectory.js";

/** The figures of a set of math episodes. Rates are shares of `problems`; NaN of none. */
export interface MathMetrics {
  problems: number;
  correct: number;
  accuracy: number;
  /** Share of problems where the policy called the calculator at least once. */
  tool_use_rate: number;
  /** Accuracy on the problems where it did / did not, and how many each. */
  with_tool: { problems: number; accuracy: number };
  without_tool: { problems: number; accuracy: number };
  calculator_calls: number;
  /** Calls the calculator could not answer: broken arguments, refused expressions, unknown tools. */
  calculator_errors: number;
  calls_per_problem: number;
  /** Problems with no readable answer (no number, a failed call, turns run out). */
  no_answer: number;
}

export interface MathEvalSummary {
  overall: MathMetrics;
  /** Per problem type (SVAMP's `Type`, ASDiv's solution type), where the data has them. */
  by_type: Record<string, MathMetrics>;
  /**
   * Per what the gold response does (`tool`, `direct`, `no-equation`): selective tool use is
   * a lower tool-use rate on `direct` than on `tool` problems, at no loss of accuracy.
   */
  by_tool_need: Record<string, MathMetrics>;
}

/**
 * The metrics of `toolgym math eval` from its trajectories: overall, per problem type and per
 * tool need.
 *
 * @example
 * summarizeMathEval(trajectories).overall // { problems: 240, correct: 180, accuracy: 0.75, tool_use_rate: 0.9, … }
 */
export function summarizeMathEval(trajectories: readonly MathTrajectory[]): MathEvalSummary {
  const groupBy = (key: (t: MathTrajectory) => string | undefined) => {
    const groups = new Map<string, MathTrajectory[]>();
    for (const t of trajectories) {
      const k = key(t);
      if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), t]);
    }
    return Object.fromEntries(
      [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, ts]) => [k, mathMetrics(ts)]),
    );
  };
  return {
    overall: mathMetrics(trajectories),
    by_type: groupBy((t) => t.type),
    by_tool_need: groupBy((t) => t.tool_need),
  };
}

function mathMetrics(ts: readonly MathTrajectory[]): MathMetrics {
  const share = (n: number, of: number) => (of === 0 ? Number.NaN : n / of);
  const correct = ts.filter((t) => t.correct).length;
  const withTool = ts.filter((t) => t.used_tool);
  const withoutTool = ts.filter((t) => !t.used_tool);
  const calls = ts.flatMap((t) => t.calls);
  const accuracyOf = (group: readonly MathTrajectory[]) => ({
    problems: group.length,
    accuracy: share(group.filter((t) => t.correct).length, group.length),
  });
  return {
    problems: ts.length,
    correct,
    accuracy: share(correct, ts.length),
    tool_use_rate: share(withTool.length, ts.length),
    with_tool: accuracyOf(withTool),
    without_tool: accuracyOf(withoutTool),
    calculator_calls: calls.length,
    calculator_errors: calls.filter((c) => c.error !== undefined).length,
    calls_per_problem: share(calls.length, ts.length),
    no_answer: ts.filter((t) => t.prediction === null).length,
  };
}
