import { existsSync } from "node:fs";
import { JsonlAppender, type MathProblem, mapPool, readJsonl } from "../../core/index.js";
import { checkGoldEquation, type DirectRule } from "../../env/index.js";
import type { Policy } from "../../policy/index.js";
import { prepareResumableJsonl } from "../../rollout/index.js";
import { mathOraclePolicy } from "./math-oracle-policy.js";
import { type MathExample, type MathToolFormat, mathMessages } from "./math-prompt.js";
import { type MathTrajectory, MathTrajectorySchema } from "./math-trajectory.js";
import { runMathEpisode } from "./run-math-episode.js";
import { type MathEvalSummary, summarizeMathEval } from "./summarize-math-eval.js";

export interface RunMathEvalOptions {
  readonly problems: readonly MathProblem[];
  /** A policy to ask, or "oracle" to play each problem's gold equation (`mathOraclePolicy`). */
  readonly policy: Policy | "oracle";
  readonly toolFormat: MathToolFormat;
  /** The system prompt; undefined = the format's default, null = none (see `mathMessages`). */
  readonly system?: string | null;
  readonly examples?: readonly MathExample[];
  readonly maxTurns?: number;
  readonly directRule?: DirectRule;
  /** Problems in flight at once. */
  readonly concurrency?: number;
  /**
   * `trajectories.jsonl` to append each episode to as it ends; problems already in it are not
   * played again (a crashed or stopped run resumes where it was).
   */
  readonly out?: string;
  readonly onTrajectory?: (
    trajectory: MathTrajectory,
    progress: { done: number; total: number },
  ) => void;
  readonly signal?: AbortSignal;
}

export interface MathEvalResult extends MathEvalSummary {
  readonly policy: string;
  readonly tool_format: MathToolFormat;
  /** Every problem's trajectory, in problem order, resumed ones included. */
  readonly trajectories: MathTrajectory[];
  /** Episodes played by this call, and found already done in `out`. */
  readonly played: number;
  readonly resumed: number;
  /** Problems whose gold equation does not give the stated answer (the oracle misses these). */
  readonly gold_equation_exceptions: { id: string; reason: string }[];
}

/**
 * `toolgym math eval`: every problem played once by the policy with the calculator
 * (`runMathEpisode`), the trajectories appended to `out`, and the metrics of all of them.
 *
 * @example
 * const { problems } = await loadMathData({ data: "asdiv-a" });
 * const result = await runMathEval({ problems, policy: "oracle", toolFormat: "text" });
 * result.overall.accuracy // 1 − exceptions / problems
 */
export async function runMathEval({
  problems,
  policy,
  toolFormat,
  system,
  examples,
  maxTurns,
  directRule,
  concurrency = 8,
  out,
  onTrajectory,
  signal,
}: RunMathEvalOptions): Promise<MathEvalResult> {
  // Lines that are not trajectories (torn, garbled) are moved to `out.rejected` and replayed.
  const done =
    out === undefined
      ? new Set<string>()
      : prepareResumableJsonl(out, { schema: MathTrajectorySchema }).ids;
  const todo = problems.filter((p) => !done.has(p.id));
  const appender = out === undefined || todo.length === 0 ? undefined : new JsonlAppender(out);
  const played: MathTrajectory[] = [];
  let finished = 0;
  try {
    await mapPool(todo, { concurrency, signal }, async (problem) => {
      const trajectory = await runMathEpisode({
        problem,
        policy: policy === "oracle" ? mathOraclePolicy(problem) : policy,
        toolFormat,
        messages: mathMessages({
          question: problem.question,
          format: toolFormat,
          system,
          examples,
        }),
        maxTurns,
        directRule,
        signal,
      });
      appender?.append(trajectory);
      played.push(trajectory);
      onTrajectory?.(trajectory, { done: ++finished, total: todo.length });
    });
  } finally {
    appender?.close();
  }
  const byId = new Map<string, MathTrajectory>();
  if (out !== undefined && existsSync(out)) {
    for (const t of await readJsonl(out, MathTrajectorySchema)) byId.set(t.problem_id, t);
  }
  for (const t of played) byId.set(t.problem_id, t);
  const trajectories = problems.flatMap((p) => byId.get(p.id) ?? []);
  return {
    policy: policy === "oracle" ? "oracle" : policy.name,
    tool_format: toolFormat,
    ...summarizeMathEval(trajectories),
    trajectories,
    played: played.length,
    resumed: problems.length - todo.length,
    gold_equation_exceptions: problems.flatMap((p) => {
      const check = checkGoldEquation(p);
      return check.ok ? [] : [{ id: p.id, reason: check.reason }];
    }),
  };
}
