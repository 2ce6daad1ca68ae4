import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";

/** Threads of a pool at most: past four the two-to-four-core machines we run on gain nothing. */
const MAX_DEFAULT_WORKERS = 4;
/** An idle pool lets its threads go after this long, so a finished process can exit. */
const IDLE_TIMEOUT_MS = 1_000;

const pools = new Map<string, Piscina>();

/**
 * The worker-thread pool (piscina) running the module at `workerUrl` on `threads` threads,
 * made once and shared by later calls, so a loop of small jobs does not pay for the threads'
 * start (a QuickJS engine and the modules each) every time.
 *
 * The installed package runs the compiled `.js` worker. Under the test runner or tsx only the
 * `.ts` source exists; a worker thread does not inherit the parent's loader, so it starts a
 * bootstrap that registers tsx and imports the source.
 */
export function sharedWorkerPool(workerUrl: URL, threads: number): Piscina {
  const key = `${workerUrl.href} ${threads}`;
  const existing = pools.get(key);
  if (existing !== undefined) return existing;
  const compiled = existsSync(fileURLToPath(workerUrl));
  const source = new URL(workerUrl.href.replace(/\.js$/, ".ts"));
  const pool = new Piscina({
    filename: compiled ? workerUrl.href : new URL("./tsx-bootstrap.mjs", import.meta.url).href,
    workerData: compiled ? undefined : { source: source.href },
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: IDLE_TIMEOUT_MS,
  });
  pools.set(key, pool);
  return pool;
}

/**
 * The worker count used when a caller gives none: one (the main thread) for jobs under
 * `threshold` items, where starting threads costs more than they save; else the machine's
 * cores, at most four.
 */
export function defaultWorkerCount(items: number, threshold: number): number {
  return items < threshold ? 1 : Math.min(availableParallelism(), MAX_DEFAULT_WORKERS);
}

/** Ends every shared pool's threads now (tests, or a process that wants to exit at once). */
export async function closeWorkerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.destroy()));
}
