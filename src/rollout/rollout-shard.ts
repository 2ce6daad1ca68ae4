import type { EnvironmentRecord, Trajectory } from "../core/index.js";
import type { ArgumentValidator } from "../env/index.js";
import type { Policy } from "../policy/index.js";
import { type Sandbox, ToolLoadError, type ToolLoadReason } from "../sandbox/index.js";
import { playTrajectory } from "./play-trajectory.js";

/** Consecutive episodes of a rollout, played one after another by one thread. */
export interface RolloutShard {
  jobs: { record: EnvironmentRecord; id: string }[];
  maxTurns: number;
}

/**
 * What became of one job of a shard: its trajectory, or its environment's code did not load
 * (as plain data, so that it crosses threads; `toolLoadError` makes the error again).
 */
export type ShardOutcome = { trajectory: Trajectory } | { broken: BrokenEnvironment };

/** An environment whose tool code did not load: the fields of its ToolLoadError. */
export interface BrokenEnvironment {
  envId: string;
  toolName: string;
  reason: ToolLoadReason;
  detail: string;
}

/**
 * The shard's outcomes in job order, or the first other failure with its environment's id (the
 * error itself: a worker turns it into data before it crosses back, see rollout-worker.ts).
 */
export type RolloutShardResult =
  | { ok: true; outcomes: ShardOutcome[] }
  | { ok: false; envId: string; error: unknown };

/** A shard's result as it crosses back from a worker thread: a failure as its name and message. */
export type WorkerShardResult =
  | { ok: true; outcomes: ShardOutcome[] }
  | { ok: false; envId: string; name: string; message: string };

export async function runRolloutShard(
  { jobs, maxTurns }: RolloutShard,
  context: { policy: Policy; sandbox: Sandbox; validator: ArgumentValidator; signal?: AbortSignal },
): Promise<RolloutShardResult> {
  const outcomes: ShardOutcome[] = [];
  // An environment whose code did not load is not played again (its other samples), as in
  // runRollouts' main-thread loop; the main thread reports it once.
  const broken = new Set<string>();
  for (const { record, id } of jobs) {
    if (broken.has(record.id)) continue;
    try {
      outcomes.push({ trajectory: await playTrajectory({ ...context, record, id, maxTurns }) });
    } catch (error) {
      if (!(error instanceof ToolLoadError)) return { ok: false, envId: record.id, error };
      broken.add(record.id);
      const { toolName, reason, detail } = error;
      outcomes.push({ broken: { envId: record.id, toolName, reason, detail } });
    }
  }
  return { ok: true, outcomes };
}

/** The ToolLoadError a `broken` outcome stands for (its message is made from these fields). */
export function toolLoadError({ toolName, reason, detail }: BrokenEnvironment): ToolLoadError {
  return new ToolLoadError(toolName, reason, detail);
}
