import {
  defaultWorkerCount,
  type EnvironmentRecord,
  JsonlAppender,
  mapPool,
  runInOrder,
  sharedWorkerPool,
  type Trajectory,
  TrajectorySchema,
  WorkerTaskError,
} from "../core/index.js";
import { ArgumentValidator } from "../env/index.js";
import { isOraclePolicy, type Policy } from "../policy/index.js";
import { createSandbox, type Sandbox, ToolLoadError } from "../sandbox/index.js";
import { EnvironmentLoadError } from "./environment-load-error.js";
import { playTrajectory } from "./play-trajectory.js";
import { prepareResumableJsonl, type SetAsideLine } from "./resumable-jsonl.js";
import {
  type RolloutShard,
  type RolloutShardResult,
  runRolloutShard,
  type ShardOutcome,
  toolLoadError,
  type WorkerShardResult,
} from "./rollout-shard.js";

/** Episodes a worker plays per task: enough that passing records between threads is cheap. */
const SHARD_SIZE = 64;
/**
 * Shards in flight per worker thread at most: enough to keep every thread busy while the main
 * thread writes, few enough that finished shards waiting for their turn stay a bounded amount
 * of memory however long the run (`collect: false`).
 */
const SHARDS_AHEAD_PER_THREAD = 2;
/** Oracle episodes from which the default is to start worker threads (their start ≈ 0.3 s). */
const WORKER_THRESHOLD = 2_000;

export interface RolloutOptions {
  records: readonly EnvironmentRecord[];
  policy: Policy;
  /**
   * Shared by all episodes played in this thread (one QuickJS runtime, a fresh context per
   * episode); made if omitted. Worker threads make their own.
   */
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
  /**
   * Worker threads for a policy that can be played in one (the oracle; model policies always
   * run in this thread). Its episodes are then played in shards, in job order, and the output
   * (trajectories, broken environments, their order) is the same for any count. Default: one
   * (this thread) under 2,000 episodes or when a `sandbox` is given, else the machine's cores
   * (at most four).
   */
  workers?: number;
  maxTurns?: number;
  /** After each episode: `done` of `total` run by this call; `skipped` were already in `out`. */
  onTrajectory?: (
    trajectory: Trajectory,
    progress: { done: number; total: number; skipped: number },
  ) => void;
  signal?: AbortSignal;
}

export interface RolloutResult {
  /**
   * The trajectories run by this call, in the order they finished (in job order for the
   * oracle, whose episodes are played in shards); none when `collect` is false.
   */
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
  workers,
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
  // Only the oracle can be played in a worker thread: it needs nothing but the records.
  const oracle = isOraclePolicy(policy);
  const threads = !oracle
    ? 1
    : Math.max(
        1,
        Math.floor(
          workers ??
            (sandbox === undefined ? defaultWorkerCount(todo.length, WORKER_THRESHOLD) : 1),
        ),
      );
  const box = sandbox ?? (threads > 1 ? undefined : await createSandbox());
  const validator = new ArgumentValidator();
  const appender = out === undefined ? undefined : new JsonlAppender(out);
  const trajectories: Trajectory[] = [];
  const broken = new Map<string, EnvironmentLoadError>();
  const byId = new Map(records.map((record) => [record.id, record]));
  let played = 0;
  const emit = (trajectory: Trajectory) => {
    appender?.append(trajectory);
    played += 1;
    if (collect) trajectories.push(trajectory);
    onTrajectory?.(trajectory, {
      done: played,
      total: todo.length,
      skipped: jobs.length - todo.length,
    });
  };
  /** An environment whose code did not load: thrown, or reported once and its episodes skipped. */
  const brokenEnvironment = (envId: string, cause: ToolLoadError) => {
    const loadError = new EnvironmentLoadError({ envId, cause });
    if (onBrokenEnvironment === undefined) throw loadError;
    if (broken.has(envId)) return;
    broken.set(envId, loadError);
    onBrokenEnvironment(loadError, byId.get(envId)!);
  };
  const emitOutcome = (outcome: ShardOutcome) => {
    if ("trajectory" in outcome) emit(outcome.trajectory);
    else brokenEnvironment(outcome.broken.envId, toolLoadError(outcome.broken));
  };
  try {
    if (oracle) {
      const shards: RolloutShard[] = [];
      for (let i = 0; i < todo.length; i += SHARD_SIZE)
        shards.push({ jobs: todo.slice(i, i + SHARD_SIZE), maxTurns });
      const play =
        box === undefined
          ? playInWorkers(threads, signal)
          : (shard: RolloutShard) =>
              runRolloutShard(shard, { policy, sandbox: box, validator, signal });
      await emitInOrder(shards, play, threads * SHARDS_AHEAD_PER_THREAD, emitOutcome);
    } else {
      if (box === undefined) throw new Error("unreachable: model policies play in this thread");
      await mapPool(todo, { concurrency }, async ({ record, id }) => {
        if (broken.has(record.id)) return;
        try {
          emit(
            await playTrajectory({ record, id, policy, sandbox: box, validator, maxTurns, signal }),
          );
        } catch (error) {
          if (!(error instanceof ToolLoadError)) throw error;
          brokenEnvironment(record.id, error);
        }
      });
    }
  } finally {
    appender?.close();
    if (ownSandbox) box?.dispose();
  }
  return {
    trajectories,
    played,
    skipped: jobs.length - todo.length,
    broken: [...broken.values()],
    setAside: resumed?.setAside ?? [],
  };
}

/** A shard's player on the shared pool of `threads` rollout workers. */
function playInWorkers(threads: number, signal: AbortSignal | undefined) {
  const pool = sharedWorkerPool(new URL("./rollout-worker.js", import.meta.url), threads);
  return (shard: RolloutShard): Promise<WorkerShardResult> =>
    pool.run(shard, signal === undefined ? {} : { signal });
}

/**
 * Plays the shards with at most `ahead` in flight and emits their outcomes shard by shard, in
 * order. The first failed shard throws, once the shards in flight are done: its own error when
 * it was played in this thread, a WorkerTaskError with its environment's id when in a worker.
 */
function emitInOrder(
  shards: readonly RolloutShard[],
  play: (shard: RolloutShard) => Promise<RolloutShardResult | WorkerShardResult>,
  ahead: number,
  emit: (outcome: ShardOutcome) => void,
): Promise<void> {
  return runInOrder(shards, ahead, play, (result) => {
    if (!result.ok) {
      if ("error" in result) throw result.error;
      throw new WorkerTaskError(result.envId, result.name, result.message);
    }
    for (const outcome of result.outcomes) emit(outcome);
  });
}
