import type { CallRecord, EnvironmentRecord, Message } from "../core/index.js";
import { formatNumber, formatValue } from "./format-number.js";
import type { ReportTrajectory } from "./run-file-schemas.js";
import { episodeGroup } from "./summarize-episodes.js";

/** How an episode ended, for the browser's outcome filter. */
export type Outcome = "correct" | "wrong" | "policy_error" | "unscored";

/** One episode as the trajectory browser receives it (JSON in the page). */
export interface EpisodeView {
  /** Index of its evaluation in the report's list. */
  readonly eval: number;
  readonly id: string;
  readonly envId: string | undefined;
  readonly group: string;
  readonly outcome: Outcome;
  readonly stop: string | undefined;
  readonly error: string | undefined;
  /** For the reward filter. */
  readonly reward: number | undefined;
  readonly callCount: number;
  readonly errorCount: number;
  /** What the page prints, formatted here so every number on it follows `formatNumber`. */
  readonly text: {
    readonly reward: string | undefined;
    readonly solveF1: string | undefined;
    readonly rewardParts: [string, string][];
    readonly metrics: [string, string][];
  };
  readonly messages: Message[];
  readonly calls: CallRecord[];
  /** The environment's question plan and answer, when its file is known. */
  readonly gold:
    | { answer: string; subtasks: { question: string; tool: string; answer: string }[] }
    | undefined;
}

/**
 * The browser's view of some episodes of one evaluation, each with its environment's gold
 * plan when the environments are known (so "solved subtask 1" can show which question).
 */
export function episodeViews({
  trajectories,
  evalIndex,
  environments,
}: {
  trajectories: readonly ReportTrajectory[];
  evalIndex: number;
  environments: readonly EnvironmentRecord[] | undefined;
}): EpisodeView[] {
  const byId = new Map((environments ?? []).map((record) => [record.id, record]));
  return trajectories.map((t) => {
    const env = t.env_id === undefined ? undefined : byId.get(t.env_id);
    return {
      eval: evalIndex,
      id: t.id,
      envId: t.env_id,
      group: episodeGroup(t),
      outcome: outcomeOf(t),
      stop: t.stop,
      error: t.error,
      reward: t.reward?.total,
      callCount: typeof t.metrics.n_calls === "number" ? t.metrics.n_calls : t.calls.length,
      errorCount:
        typeof t.metrics.n_error_calls === "number"
          ? t.metrics.n_error_calls
          : t.calls.filter((c) => c.error !== undefined).length,
      text: {
        reward: t.reward === undefined ? undefined : formatNumber(t.reward.total),
        solveF1:
          typeof t.metrics.solve_f1 === "number" ? formatNumber(t.metrics.solve_f1) : undefined,
        rewardParts: Object.entries(t.reward?.parts ?? {}).map(([k, v]) => [k, formatValue(v)]),
        metrics: Object.entries(t.metrics).map(([k, v]) => [k, formatValue(v)]),
      },
      messages: t.messages,
      calls: t.calls,
      gold:
        env === undefined
          ? undefined
          : {
              answer: env.answer,
              subtasks: env.subtasks.map(({ question, tool, answer }) => ({
                question,
                tool,
                answer,
              })),
            },
    };
  });
}

/** Correct / wrong by the episode's answer metric (`answer_correct`, or `correct` for math). */
function outcomeOf(t: ReportTrajectory): Outcome {
  if (t.stop === "policy_error") return "policy_error";
  const verdict = t.metrics.answer_correct ?? t.metrics.correct;
  if (typeof verdict === "boolean") return verdict ? "correct" : "wrong";
  if (typeof verdict === "number") return verdict > 0 ? "correct" : "wrong";
  return "unscored";
}
