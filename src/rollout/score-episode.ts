import type { CallRecord, EnvironmentRecord, Reward, TrajectoryMetrics } from "../core/index.js";
import { answerMatch, ftrlTurnReward, solveF1, solveP, solveR } from "../reward/index.js";
import type { Episode } from "./run-episode.js";

/**
 * Scores one finished episode with the reward module's pure functions: FTRL's Solve-P/R/F1
 * from the call log, the final answer against the gold one, and FTRL's per-turn reward.
 *
 * `reward.total` is precision of tool use × completeness (Solve-P · Solve-R, DESIGN.md): it is
 * 1 only when every call solved a subtask and every subtask was solved.
 */
export function scoreEpisode(options: {
  record: EnvironmentRecord;
  episode: Episode;
  calls: readonly CallRecord[];
}): { metrics: TrajectoryMetrics; reward: Reward } {
  const { record, episode, calls } = options;
  const trajectory = [{ calls, messages: episode.messages }];
  const records = [record];
  const [solve_p] = solveP(trajectory, records);
  const [solve_r] = solveR(trajectory, records);
  const [solve_f1] = solveF1(trajectory, records);
  const last = episode.messages.at(-1);
  const final = episode.stop === "answer" && last?.role === "assistant" ? (last.content ?? "") : "";
  const [answer] = answerMatch([final], [record.answer]);
  const [turnReward] = ftrlTurnReward(trajectory, records);
  return {
    metrics: {
      solve_p,
      solve_r,
      solve_f1,
      answer_correct: answer === 1,
      n_calls: calls.length,
      n_error_calls: calls.filter((c) => c.error !== undefined).length,
      n_turns: episode.turns,
    },
    reward: {
      total: solve_p * solve_r,
      parts: { solve_p, solve_r, solve_f1, answer: answer ?? 0, turn_reward: turnReward ?? 0 },
    },
  };
}
