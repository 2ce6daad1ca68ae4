import type { Trajectory } from "../../core/index.js";
import { trajectorySummary } from "../../rollout/index.js";

/**
 * What the log shows of a rollout batch or a held-out evaluation, from rollout's
 * `trajectorySummary` (the same figures as `toolgym eval`'s metrics.json): the reward
 * (Solve-P · Solve-R), Solve-P/R/F1, answer accuracy, tool calls per episode, the share of
 * calls that were errors, and `context_full_rate` (episodes whose first turn had no sampled
 * tokens: the prompt did not fit the context).
 */
export function rolloutMetrics(trajectories: readonly Trajectory[]): Record<string, number> {
  const summary = trajectorySummary(trajectories);
  const n = trajectories.length;
  const contextFull = trajectories.filter((t) => t.tokens === undefined).length;
  return {
    episodes: summary.episodes,
    reward_mean: summary.reward,
    solve_p: summary.solve_p,
    solve_r: summary.solve_r,
    solve_f1: summary.solve_f1,
    answer_accuracy: summary.answer_accuracy,
    calls_per_episode: summary.calls_per_episode,
    error_call_rate: summary.error_call_rate,
    context_full_rate: n === 0 ? 0 : contextFull / n,
  };
}
