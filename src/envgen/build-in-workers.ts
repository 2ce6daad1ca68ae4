import {
  type EnvironmentRecord,
  runInOrder,
  sharedWorkerPool,
  WorkerTaskError,
} from "../core/index.js";
import type { BuildProgress, BuildResult } from "./build-environments.js";
import type { BuildShard, BuildShardResult, SlotSettings } from "./build-shard.js";
import { EnvgenExhaustedError } from "./errors/envgen-exhausted-error.js";
import { normalizeQuestion } from "./normalize-question.js";

/** Slots a worker fills per task: enough that passing records between threads is cheap. */
const SHARD_SIZE = 32;
/**
 * Shards in flight per thread at most: the threads stay busy while this thread settles
 * duplicates, and a failure waits for few before it is thrown.
 */
const SHARDS_AHEAD_PER_THREAD = 2;

export interface BuildInWorkersOptions {
  settings: SlotSettings;
  count: number;
  threads: number;
  maxAttemptsPerEnv: number;
  onProgress?: (progress: BuildProgress) => void;
  signal?: AbortSignal;
}

/**
 * `buildEnvironments` for the procedural backend on `threads` worker threads: each slot's
 * first verified candidate is found in a worker, and the results are taken in slot order
 * here, where duplicates are settled as the one-thread build settles them (a duplicate asks
 * its worker for the slot's next verified candidate). Records, rejection counts (in the same
 * key order) and attempts are therefore those of the one-thread build.
 */
export async function buildInWorkers(options: BuildInWorkersOptions): Promise<BuildResult> {
  const { settings, count, threads, maxAttemptsPerEnv, onProgress, signal } = options;
  const pool = sharedWorkerPool(new URL("./build-worker.js", import.meta.url), threads);
  const run = (slots: BuildShard["slots"]): Promise<BuildShardResult> =>
    pool.run({ ...settings, slots, maxAttemptsPerEnv } satisfies BuildShard, {
      ...(signal === undefined ? {} : { signal }),
    });
  const shards: BuildShard["slots"][] = [];
  for (let first = 0; first < count; first += SHARD_SIZE) {
    const slots = [];
    for (let slot = first; slot < Math.min(count, first + SHARD_SIZE); slot++)
      slots.push({ slot, fromAttempt: 0 });
    shards.push(slots);
  }

  const records: EnvironmentRecord[] = new Array(count);
  const rejections: Record<string, number> = {};
  const questions = new Set<string>();
  let attempts = 0;
  let accepted = 0;
  const reject = (reason: string) => {
    rejections[reason] = (rejections[reason] ?? 0) + 1;
  };
  const unwrap = (result: BuildShardResult) => {
    if (!result.ok) throw new WorkerTaskError(result.envId, result.name, result.message);
    return result.slots;
  };
  await runInOrder(shards, threads * SHARDS_AHEAD_PER_THREAD, run, async (result) => {
    for (let found of unwrap(result)) {
      for (;;) {
        attempts += found.rejected.length;
        for (const reason of found.rejected) reject(reason);
        if (found.record === null)
          throw new EnvgenExhaustedError({
            slot: found.slot,
            attempts: maxAttemptsPerEnv,
            rejections,
          });
        attempts++;
        const key = normalizeQuestion(found.record.messages.at(-1)?.content ?? "");
        if (!questions.has(key)) {
          questions.add(key);
          records[found.slot] = found.record;
          accepted++;
          break;
        }
        reject("duplicate_question");
        onProgress?.({ accepted, total: count, attempts, rejected: attempts - accepted });
        const next = unwrap(await run([{ slot: found.slot, fromAttempt: found.attempt + 1 }]));
        found = next[0]!;
      }
      onProgress?.({ accepted, total: count, attempts, rejected: attempts - accepted });
    }
  });
  return { records, rejections, attempts };
}
