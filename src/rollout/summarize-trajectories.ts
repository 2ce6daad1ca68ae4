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
 * One pass over any iterable, keeping sums only: a file of trajectories read line by line is
 * summarized in flat memory.
 *
 * @example
 * summarizeTrajectories(trajectories).overall.solve_f1 // 1 for the oracle on verified envs
 */
export function summarizeTrajectories(trajectories: Iterable<Trajectory>): MetricsReport {
  const overall = new SummarySums();
  const groups = new Map<string, SummarySums>();
  for (const t of trajectories) {
    const key = t.scenario ?? "unknown";
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = new SummarySums()));
    overall.add(t);
    group.add(t);
  }
  const by_scenario = Object.fromEntries(
    [...groups.keys()].sort().map((key) => [key, groups.get(key)!.summary()]),
  );
  return { overall: overall.summary(), by_scenario };
}

/** The summary of `trajectories` as one group (`summarizeTrajectories(ts).overall`). */
export function trajectorySummary(trajectories: Iterable<Trajectory>): TrajectorySummary {
  const sums = new SummarySums();
  for (const t of trajectories) sums.add(t);
  return sums.summary();
}

/** Running sums of one group's episodes, from which its TrajectorySummary is read. */
class SummarySums {
  private n = 0;
  private calls = 0;
  private errors = 0;
  private readonly sums = {
    solve_p: 0,
    solve_r: 0,
    solve_f1: 0,
    answer_accuracy: 0,
    tool_use_rate: 0,
    turns_per_episode: 0,
    max_turns_rate: 0,
    reward: 0,
  };

  add(t: Trajectory): void {
    const { metrics } = t;
    this.n += 1;
    this.calls += metrics.n_calls;
    this.errors += metrics.n_error_calls;
    this.sums.solve_p += metrics.solve_p;
    this.sums.solve_r += metrics.solve_r;
    this.sums.solve_f1 += metrics.solve_f1;
    this.sums.answer_accuracy += Number(metrics.answer_correct);
    this.sums.tool_use_rate += Number(metrics.n_calls > 0);
    this.sums.turns_per_episode += metrics.n_turns;
    this.sums.max_turns_rate += Number(t.stop === "max_turns");
    this.sums.reward += t.reward.total;
  }

  summary(): TrajectorySummary {
    const mean = (sum: number) => (this.n === 0 ? 0 : sum / this.n);
    const { sums } = this;
    return {
      episodes: this.n,
      solve_p: mean(sums.solve_p),
      solve_r: mean(sums.solve_r),
      solve_f1: mean(sums.solve_f1),
      answer_accuracy: mean(sums.answer_accuracy),
      tool_use_rate: mean(sums.tool_use_rate),
      calls_per_episode: mean(this.calls),
      error_call_rate: this.calls === 0 ? 0 : this.errors / this.calls,
      turns_per_episode: mean(sums.turns_per_episode),
      max_turns_rate: mean(sums.max_turns_rate),
      reward: mean(sums.reward),
    };
  }
}
