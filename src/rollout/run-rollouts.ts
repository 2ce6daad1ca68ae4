import {
  defaultWorkerCount,
  type EnvironmentRecord,
  JsonlAppender,
  mapPool,
  sharedWorkerPool,
  type Trajectory,
  WorkerTaskError,
} from "../core/index.js";
import { ArgumentValidator } from "../env/index.js";
import { isOraclePolicy, type Policy } from "../policy/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { playTrajectory } from "./play-trajectory.js";
import { prepareResumableJsonl } from "./resumable-jsonl.js";
import type { RolloutShard, RolloutShardResult } from "./rollout-shard.js";
import { runRolloutShard } from "./rollout-shard.js";

/** Episodes a worker plays per task: enough that passing records between threads is cheap. */
const SHARD_SIZE = 64;
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
   * already there are not run again, so rerunning the same command resumes after a crash.
   */
  out?: string;
  /** Trajectories per environment (ids `<env id>#<k>` when more than one). */
  samplesPerEnv?: number;
  concurrency?: number;
  /**
   * Worker threads for a policy that can be played in one (the oracle; model policies always
   * run in this thread). Its episodes are then played in shards, in job order, and the output
   * is the same for any count. Default: one (this thread) under 2,000 episodes or when a
   * `sandbox` is given, else the machine's cores (at most four).
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
   * oracle, whose episodes are played in shards).
   */
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
  workers,
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
  const threads = Math.max(
    1,
    Math.floor(
      workers ?? (sandbox === undefined ? defaultWorkerCount(todo.length, WORKER_THRESHOLD) : 1),
    ),
  );
  const box = sandbox ?? (threads > 1 ? undefined : await createSandbox());
  const validator = new ArgumentValidator();
  const appender = out === undefined ? undefined : new JsonlAppender(out);
  const trajectories: Trajectory[] = [];
  const emit = (trajectory: Trajectory) => {
    appender?.append(trajectory);
    trajectories.push(trajectory);
    onTrajectory?.(trajectory, {
      done: trajectories.length,
      total: todo.length,
      skipped: jobs.length - todo.length,
    });
  };
  try {
    if (isOraclePolicy(policy)) {
      const shards: RolloutShard[] = [];
      for (let i = 0; i < todo.length; i += SHARD_SIZE)
        shards.push({ jobs: todo.slice(i, i + SHARD_SIZE), maxTurns });
      const play =
        box === undefined
          ? playInWorkers(threads, signal)
          : (shard: RolloutShard) =>
              runRolloutShard(shard, { policy, sandbox: box, validator, signal });
      await emitInOrder(shards, play, emit);
    } else {
      if (box === undefined) throw new Error("unreachable: model policies play in this thread");
      await mapPool(todo, { concurrency }, async ({ record, id }) => {
        emit(
          await playTrajectory({ record, id, policy, sandbox: box, validator, maxTurns, signal }),
        );
      });
    }
  } finally {
    appender?.close();
    if (ownSandbox) box?.dispose();
  }
  return { trajectories, skipped: jobs.length - todo.length };
}

/** A shard's player on the shared pool of `threads` rollout workers. */
function playInWorkers(threads: number, signal: AbortSignal | undefined) {
  const pool = sharedWorkerPool(new URL("./rollout-worker.js", import.meta.url), threads);
  return (shard: RolloutShard): Promise<RolloutShardResult> =>
    pool.run(shard, signal === undefined ? {} : { signal });
}

/**
 * Starts every shard (the pool queues them), then emits their trajectories shard by shard in
 * order; the first failed shard throws with its environment's id.
 */
async function emitInOrder(
  shards: readonly RolloutShard[],
  play: (shard: RolloutShard) => Promise<RolloutShardResult>,
  emit: (trajectory: Trajectory) => void,
): Promise<void> {
  const results = shards.map((shard) => play(shard));
  // Settled at once so that a later shard's rejection is never unhandled while we wait.
  for (const result of results) result.catch(() => {});
  for (const pending of results) {
    const result = await pending;
    if (!result.ok) throw new WorkerTaskError(result.envId, result.name, result.message);
    for (const trajectory of result.trajectories) emit(trajectory);
  }
}
