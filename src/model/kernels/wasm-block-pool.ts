import { Worker } from "node:worker_threads";

/** One parallel call of the module's `block` over row chunks (all addresses in bytes). */
export interface BlockTask {
  /** Packed A for every row panel of the slab: panel i at ap + i·kc·16. */
  readonly ap: number;
  readonly bp: number;
  readonly cp: number;
  readonly mPanels: number;
  readonly nPanels: number;
  readonly kc: number;
  readonly ldc: number;
  /** Row panels a thread takes at a time. */
  readonly chunkPanels: number;
}

export interface BlockPool {
  /** Runs the task on the calling thread and the ready workers; returns when all is done. */
  run(task: BlockTask): void;
  /** Workers that have started and take part in `run`. */
  ready(): number;
}

export type BlockFn = (
  ap: number,
  bp: number,
  cp: number,
  mPanels: number,
  nPanels: number,
  kc: number,
  ldc: number,
) => void;

// Control words, in an Int32Array over a SharedArrayBuffer. Per-worker words (at base + rank)
// make the protocol safe against late starters: a worker touches a task only if the caller
// assigned it that generation, and the caller reuses memory only when each assigned worker has
// reported that same generation done.
const GENERATION = 0; // bumped by the caller to publish a task
const NEXT = 1; // next row panel to take
const PARAMS = 2; // ap, bp, cp, mPanels, nPanels, kc, ldc, chunkPanels (8 words)
const FAILED = 10; // set by a worker whose block call threw
const READY = 16; // READY + rank: 1 once the worker has instantiated the module
const ASSIGNED = 32; // ASSIGNED + rank: the generation the worker is to help with; 0 once
// claimed by the worker (or revoked by the caller: whoever swaps it first decides)
const DONE = 48; // DONE + rank: the last generation the worker finished
const MAX_WORKERS = 16;

/**
 * Takes chunks of row panels off the shared counter and computes them (caller and workers).
 * Its source is copied into the workers, so it uses literal control indices (PARAMS…, NEXT)
 * and nothing from this module's scope.
 */
function takeChunks(ctl: Int32Array, block: BlockFn): void {
  const ap = ctl[2];
  const bp = ctl[3];
  const cp = ctl[4];
  const mPanels = ctl[5];
  const nPanels = ctl[6];
  const kc = ctl[7];
  const ldc = ctl[8];
  const chunk = ctl[9];
  for (;;) {
    const first = Atomics.add(ctl, 1, chunk);
    if (first >= mPanels) return;
    const count = Math.min(chunk, mPanels - first);
    block(ap + first * kc * 16, bp, cp + first * 4 * ldc, count, nPanels, kc, ldc);
  }
}

/**
 * Runs in each worker: instantiate the same module on the same shared memory, then help with
 * every generation it is assigned. Plain JS evaluated as a CommonJS script, so workers need no
 * build step and no .js file beside the .ts sources (tests run those directly).
 */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { bytes, memory, control, rank } = workerData;
const ctl = new Int32Array(control);
const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
const block = instance.exports.block;
const takeChunks = (${takeChunks.toString()});
Atomics.store(ctl, ${READY} + rank, 1);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${GENERATION}, seen);
  seen = Atomics.load(ctl, ${GENERATION});
  // Claim the assignment; the caller may have revoked it already, having finished alone.
  if (Atomics.compareExchange(ctl, ${ASSIGNED} + rank, seen, 0) !== seen) continue;
  try {
    takeChunks(ctl, block);
  } catch {
    Atomics.store(ctl, ${FAILED}, 1);
  }
  Atomics.store(ctl, ${DONE} + rank, seen);
  Atomics.notify(ctl, ${DONE} + rank);
}
`;

/**
 * `workers` threads sharing the caller's WebAssembly memory, helping with `block` calls.
 * They start in the background; until one is ready, `run` simply works without it, so a slow
 * start costs speed, never a wait. Workers are unref'd: they never keep the process alive.
 */
export function createBlockPool(options: {
  readonly bytes: Uint8Array;
  readonly memory: object;
  readonly block: BlockFn;
  readonly workers: number;
}): BlockPool {
  const { bytes, memory, block } = options;
  const workers = Math.min(options.workers, MAX_WORKERS);
  const control = new SharedArrayBuffer(64 * 4);
  const ctl = new Int32Array(control);
  for (let rank = 0; rank < workers; rank++) {
    const workerData = { bytes, memory, control, rank };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    // A worker that fails to start never becomes ready, so it is never waited for.
    worker.on("error", () => {});
    worker.unref();
  }
  let generation = 0;
  return {
    ready() {
      let count = 0;
      for (let rank = 0; rank < workers; rank++) count += Atomics.load(ctl, READY + rank);
      return count;
    },
    run(task) {
      ctl[PARAMS] = task.ap;
      ctl[PARAMS + 1] = task.bp;
      ctl[PARAMS + 2] = task.cp;
      ctl[PARAMS + 3] = task.mPanels;
      ctl[PARAMS + 4] = task.nPanels;
      ctl[PARAMS + 5] = task.kc;
      ctl[PARAMS + 6] = task.ldc;
      ctl[PARAMS + 7] = task.chunkPanels;
      Atomics.store(ctl, NEXT, 0);
      generation = (generation + 1) | 0 || 1; // never 0: a fresh worker has seen 0
      let assigned = 0;
      for (let rank = 0; rank < workers; rank++) {
        if (Atomics.load(ctl, READY + rank) === 1) {
          Atomics.store(ctl, ASSIGNED + rank, generation);
          assigned |= 1 << rank;
        }
      }
      Atomics.store(ctl, GENERATION, generation);
      if (assigned !== 0) Atomics.notify(ctl, GENERATION);
      takeChunks(ctl, block);
      for (let rank = 0; rank < workers; rank++) {
        if ((assigned & (1 << rank)) === 0) continue;
        // A worker that has not woken yet (its core busy elsewhere) is not waited for: revoking
        // its assignment means it will skip this task when it does wake.
        if (Atomics.compareExchange(ctl, ASSIGNED + rank, generation, 0) === generation) continue;
        for (let done = Atomics.load(ctl, DONE + rank); done !== generation; ) {
          Atomics.wait(ctl, DONE + rank, done);
          done = Atomics.load(ctl, DONE + rank);
        }
      }
      if (Atomics.exchange(ctl, FAILED, 0) !== 0) {
        throw new Error("sgemm: a wasm kernel worker failed (out of memory?)");
      }
    },
  };
}
