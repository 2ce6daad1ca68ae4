import type { EnvironmentRecord, Trajectory } from "../core/index.js";
import type { ArgumentValidator } from "../env/index.js";
import type { Policy } from "../policy/index.js";
import type { Sandbox } from "../sandbox/index.js";
import { playTrajectory } from "./play-trajectory.js";

/** Consecutive episodes of a rollout, played one after another by one thread. */
export interface RolloutShard {
  jobs: { record: EnvironmentRecord; id: string }[];
  maxTurns: number;
}

/** The shard's trajectories in job order, or the first failure with its environment's id. */
export type RolloutShardResult =
  | { ok: true; trajectories: Trajectory[] }
  | { ok: false; envId: string; name: string; message: string };

export async function runRolloutShard(
  { jobs, maxTurns }: RolloutShard,
  context: { policy: Policy; sandbox: Sandbox; validator: ArgumentValidator; signal?: AbortSignal },
): Promise<RolloutShardResult> {
  const trajectories: Trajectory[] = [];
  for (const { record, id } of jobs) {
    try {
      trajectories.push(await playTrajectory({ ...context, record, id, maxTurns }));
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      return { ok: false, envId: record.id, name, message };
    }
  }
  return { ok: true, trajectories };
}
