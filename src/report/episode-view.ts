import type { CallRecord, EnvironmentRecord, Message } from "../core/index.js";
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
  readonly reward: number | undefined;
  readonly rewardParts: Record<string, number>;
  readonly metrics: Record<string, number | boolean | null>;
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
      rewardParts: t.reward?.parts ?? {},
      metrics: t.metrics,
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
