import { type EnvironmentRecord, JsonlAppender, mapPool, type Trajectory } from "../core/index.js";
import { ArgumentValidator, ToolEnvironment } from "../env/index.js";
import type { Policy } from "../policy/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { prepareResumableJsonl } from "./resumable-jsonl.js";
import { runEpisode } from "./run-episode.js";
import { scoreEpisode } from "./score-episode.js";
import { stitchTurnTokens } from "./stitch-turn-tokens.js";

export interface RolloutOptions {
  records: readonly EnvironmentRecord[];
  policy: Policy;
  /** Shared by all episodes (one QuickJS runtime, a fresh context per episode); made if omitted. */
  sandbox?: Sandbox;
  /**
   * JSONL file the trajectories are appended to as they finish. Trajectories whose id is
   * already there are not run again, so rerunning the same command resumes after a crash.
   */
  out?: string;
  /** Trajectories per environment (ids `<env id>#<k>` when more than one). */
  samplesPerEnv?: number;
  concurrency?: number;
  maxTurns?: number;
  /** After each episode: `done` of `total` run by this call; `skipped` were already in `out`. */
  onTrajectory?: (
    trajectory: Trajectory,
    progress: { done: number; total: number; skipped: number },
  ) => void;
  signal?: AbortSignal;
}

export interface RolloutResult {
  /** The trajectories run by this call, in the order they finished. */
  trajectories: Trajectory[];
  /** Trajectories skipped because `out` already held them. */
  skipped: number;
}

/** Plays `policy` in every environment, `concurrency` episodes at a time. */
export async function runRollouts({
  records,
  policy,
  sandbox,
  out,
  samplesPerEnv = 1,
  concurrency = 8,
  maxTurns = 8,
  onTrajectory,
  signal,
}: RolloutOptions): Promise<RolloutResult> {
  const done = out === undefined ? new Set<string>() : prepareResumableJsonl(out);
  const jobs = records.flatMap((record) =>
    Array.from({ length: samplesPerEnv }, (_, k) => ({
      record,
      id: samplesPerEnv === 1 ? record.id : `${record.id}#${k}`,
    })),
  );
  const todo = jobs.filter((job) => !done.has(job.id));
  const ownSandbox = sandbox === undefined;
  const box = sandbox ?? (await createSandbox());
  const validator = new ArgumentValidator();
  const appender = out === undefined ? undefined : new JsonlAppender(out);
  const trajectories: Trajectory[] = [];
  try {
    await mapPool(todo, { concurrency }, async ({ record, id }) => {
      const env = new ToolEnvironment({ sandbox: box, validator });
      try {
        const episode = await runEpisode({ policy, env, record, maxTurns, signal });
        const tokens = stitchTurnTokens(episode.turnTokens);
        const trajectory: Trajectory = {
          id,
          env_id: record.id,
          scenario: record.scenario,
          policy: policy.name,
          messages: episode.messages,
          calls: [...env.calls],
          ...scoreEpisode({ record, episode, calls: env.calls }),
          stop: episode.stop,
          ...(tokens === undefined ? {} : { tokens }),
          meta: {},
        };
        appender?.append(trajectory);
        trajectories.push(trajectory);
        onTrajectory?.(trajectory, {
          done: trajectories.length,
          total: todo.length,
          skipped: jobs.length - todo.length,
        });
      } finally {
        env.dispose();
      }
    });
  } finally {
    appender?.close();
    if (ownSandbox) box.dispose();
  }
  return { trajectories, skipped: jobs.length - todo.length };
}
