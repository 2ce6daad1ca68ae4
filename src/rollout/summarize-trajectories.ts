import type { Trajectory } from "../core/index.js";

/**
 * Aggregate tool-use metrics over a set of trajectories: means over episodes of each
 * trajectory's metrics (`scoreEpisode`) unless noted. Computed here and nowhere else: `toolgym
 * eval`'s metrics.json and the training log's rollout and evaluation records alike.
 */
export interface TrajectorySummary {
  episodes: number;
  /** Subtasks solved / calls made; an episode without calls counts 0 when its task needed some (`solveP`). */
  solve_p: number;
  solve_r: number;
  solve_f1: number;
  answer_accuracy: number;
  /** Share of episodes with at least one tool call. */
  tool_use_rate: number;
  calls_per_episode: number;
  /** Calls answered with an error observation, over all calls (0 when there were none). */
  error_call_rate: number;
  turns_per_episode: number;
  /** Share of episodes cut off by the turn limit. */
  max_turns_rate: number;
  reward: number;
}

export interface MetricsReport {
  overall: TrajectorySummary;
  by_scenario: Record<string, TrajectorySummary>;
}

/**
 * Summarizes trajectories overall and per scenario, as `toolgym eval` writes to metrics.json.
 *
 * @example
 * summarizeTrajectories(trajectories).overall.solve_f1 // 1 for the oracle on verified envs
 */
export function summarizeTrajectories(trajectories: readonly Trajectory[]): MetricsReport {
  const groups = new Map<string, Trajectory[]>();
  for (const t of trajectories) {
    const key = t.scenario ?? "unknown";
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const by_scenario = Object.fromEntries(
    [...groups.keys()].sort().map((key) => [key, trajectorySummary(groups.get(key)!)]),
  );
  return { overall: trajectorySummary(trajectories), by_scenario };
}

/** The summary of `trajectories` as one group (`summarizeTrajectories(ts).overall`). */
export function trajectorySummary(ts: readonly Trajectory[]): TrajectorySummary {
  const n = ts.length;
  const mean = (f: (t: Trajectory) => number) =>
    n === 0 ? 0 : ts.reduce((s, t) => s + f(t), 0) / n;
  const calls = ts.reduce((s, t) => s + t.metrics.n_calls, 0);
  const errors = ts.reduce((s, t) => s + t.metrics.n_error_calls, 0);
  return {
    episodes: n,
    solve_p: mean((t) => t.metrics.solve_p),
    solve_r: mean((t) => t.metrics.solve_r),
    solve_f1: mean((t) => t.metrics.solve_f1),
    answer_accuracy: mean((t) => Number(t.metrics.answer_correct)),
    tool_use_rate: mean((t) => Number(t.metrics.n_calls > 0)),
    calls_per_episode: mean((t) => t.metrics.n_calls),
    error_call_rate: calls === 0 ? 0 : errors / calls,
    turns_per_episode: mean((t) => t.metrics.n_turns),
    max_turns_rate: mean((t) => Number(t.stop === "max_turns")),
    reward: mean((t) => t.reward.total),
  };
}
