// A build worker thread's task (run by piscina, see build-environments.ts): the procedural
// backend's candidates for a shard of slots, verified in the thread's own sandbox.
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { type BuildShard, type BuildShardResult, buildShard } from "./build-shard.js";
import { createProceduralBackend } from "./procedural/create-procedural-backend.js";
import type { EnvgenBackend } from "./stages/envgen-backend.js";
import { threadValidator } from "./verify-environment.js";

let sandbox: Promise<Sandbox> | undefined;
// One backend (one generated world) per seed, kept for the thread's later shards.
const backends = new Map<number, EnvgenBackend>();

export default async function buildWorker(shard: BuildShard): Promise<BuildShardResult> {
  sandbox ??= createSandbox();
  let backend = backends.get(shard.seed);
  if (backend === undefined) {
    backend = createProceduralBackend({ seed: shard.seed });
    backends.set(shard.seed, backend);
  }
  return buildShard(shard, { backend, sandbox: await sandbox, validator: threadValidator() });
}
