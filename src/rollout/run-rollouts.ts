import {
  type EnvironmentRecord,
  JsonlAppender,
  mapPool,
  type Trajectory,
  TrajectorySchema,
} from "../core/index.js";
import { ArgumentValidator, ToolEnvironment } from "../env/index.js";
import type { Policy } from "../policy/index.js";
import { createSandbox, type Sandbox, ToolLoadError } from "../sandbox/index.js";
import { boundCallArguments } from "./bound-call-arguments.js";
import { EnvironmentLoadError } from "./environment-load-error.js";
import { prepareResumableJsonl, type SetAsideLine } from "./resumable-jsonl.js";
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
   * already there are not run again, so rerunning the same command resumes after a crash; lines
   * there that are not trajectories (torn, garbled) are moved to `out.rejected` and their
   * episodes run again (see `prepareResumableJsonl`).
   */
  out?: string;
  /** Told once, before any episode runs, of the lines of `out` that were set aside. */
  onSetAside?: (lines: readonly SetAsideLine[], rejectedFile: string) => void;
  /**
   * Keep this call's trajectories in the result (default true). A long run that writes `out`
   * passes false, so its memory does not grow with its output.
   */
  collect?: boolean;
  /**
   * An environment whose tool code does not load throws an EnvironmentLoadError (default). With
   * this, its episodes are skipped instead and it is reported here, once, and in the result.
   */
  onBrokenEnvironment?: (error: EnvironmentLoadError, record: EnvironmentRecord) => void;
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
  /** The trajectories run by this call, in the order they finished (none when `collect` is false). */
  trajectories: Trajectory[];
  /** Episodes run by this call (the length of `trajectories` when they are collected). */
  played: number;
  /** Trajectories skipped because `out` already held them. */
  skipped: number;
  /** Environments skipped because their code does not load (with `onBrokenEnvironment`). */
  broken: EnvironmentLoadError[];
  /** Lines of `out` that were not trajectories, moved to `out.rejected`. */
  setAside: SetAsideLine[];
}

/** Plays `policy` in every environment, `concurrency` episodes at a time. */
export async function runRollouts({
  records,
  policy,
  sandbox,
  out,
  onSetAside,
  collect = true,
  onBrokenEnvironment,
  samplesPerEnv = 1,
  concurrency = 8,
  maxTurns = 8,
  onTrajectory,
  signal,
}: RolloutOptions): Promise<RolloutResult> {
  const resumed =
    out === undefined ? undefined : prepareResumableJsonl(out, { schema: TrajectorySchema });
  const done = resumed?.ids ?? new Set<string>();
  if (resumed !== undefined && resumed.setAside.length > 0) {
    onSetAside?.(resumed.setAside, resumed.rejectedFile);
  }
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
  const broken = new Map<string, EnvironmentLoadError>();
  let played = 0;
  try {
    await mapPool(todo, { concurrency }, async ({ record, id }) => {
      if (broken.has(record.id)) return;
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
          // What the model wrote is bounded before the record is kept: see MAX_ARGUMENT_DEPTH.
          calls: env.calls.map(boundCallArguments),
          ...scoreEpisode({ record, episode, calls: env.calls }),
          stop: episode.stop,
          ...(tokens === undefined ? {} : { tokens }),
          meta: {},
        };
        appender?.append(trajectory);
        played += 1;
        if (collect) trajectories.push(trajectory);
        onTrajectory?.(trajectory, {
          done: played,
          total: todo.length,
          skipped: jobs.length - todo.length,
        });
      } catch (error) {
        if (!(error instanceof ToolLoadError)) throw error;
        const loadError = new EnvironmentLoadError({ envId: record.id, cause: error });
        if (onBrokenEnvironment === undefined) throw loadError;
        if (broken.has(record.id)) return;
        broken.set(record.id, loadError);
        onBrokenEnvironment(loadError, record);
      } finally {
        env.dispose();
      }
    });
  } finally {
    appender?.close();
    if (ownSandbox) box.dispose();
  }
  return {
    trajectories,
    played,
    skipped: jobs.length - todo.length,
    broken: [...broken.values()],
    setAside: resumed?.setAside ?? [],
  };
}
