// A rollout worker thread's task (run by piscina, see run-rollouts.ts): plays a shard of
// episodes with the oracle in the thread's own sandbox and returns their outcomes in order. A
// failure is returned as data with the environment's id, so the main thread can name it (an
// Error crossing threads keeps only its message).
import { ArgumentValidator } from "../env/index.js";
import { createOraclePolicy } from "../policy/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { type RolloutShard, runRolloutShard, type WorkerShardResult } from "./rollout-shard.js";

let sandbox: Promise<Sandbox> | undefined;
const validator = new ArgumentValidator();
const policy = createOraclePolicy();

export default async function rolloutWorker(shard: RolloutShard): Promise<WorkerShardResult> {
  sandbox ??= createSandbox();
  const result = await runRolloutShard(shard, { policy, sandbox: await sandbox, validator });
  if (result.ok) return result;
  const { name, message } =
    result.error instanceof Error ? result.error : new Error(String(result.error));
  return { ok: false, envId: result.envId, name, message };
}
