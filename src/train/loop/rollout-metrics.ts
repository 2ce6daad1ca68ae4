import type { Trajectory } from "../../core/index.js";

/**
 * Means over trajectories of what the log shows of a rollout batch or a held-out evaluation:
 * the reward (Solve-P · Solve-R), Solve-P/R/F1, answer accuracy, tool calls per episode, the
 * share of calls that were errors, and `context_full_rate` (episodes whose first turn had no
 * sampled tokens: the prompt did not fit the context).
 */
export function rolloutMetrics(trajectories: readonly Trajectory[]): Record<string, number> {
  const n = trajectories.length;
  const mean = (f: (t: Trajectory) => number) =>
    n === 0 ? 0 : trajectories.reduce((s, t) => s + f(t), 0) / n;
  const calls = trajectories.reduce((s, t) => s + t.metrics.n_calls, 0);
  const errors = trajectories.reduce((s, t) => s + t.metrics.n_error_calls, 0);
  return {
    episodes: n,
    reward_mean: mean((t) => t.reward.total),
    solve_p: mean((t) => t.metrics.solve_p),
    solve_r: mean((t) => t.metrics.solve_r),
    solve_f1: mean((t) => t.metrics.solve_f1),
    answer_accuracy: mean((t) => Number(t.metrics.answer_correct)),
    calls_per_episode: mean((t) => t.metrics.n_calls),
    error_call_rate: calls === 0 ? 0 : errors / calls,
    context_full_rate: mean((t) => Number(t.tokens === undefined)),
  };
}
