import { Worker } from "node:worker_threads";

/** The module's `block` export; see wasm-sgemm-module.ts for what each argument means. */
export type BlockFn = (
  ap: number,
  aStepP: number,
  aStepR: number,
  aPanel: number,
  bp: number,
  bStepP: number,
  bPanel: number,
  cp: number,
  ldc: number,
  mPanels: number,
  nPanels: number,
  kc: number,
  alpha: number,
) => void;

/** One `block` call, to be split over threads by chunks of row panels. */
export interface BlockTask {
  readonly ap: number;
  readonly aStepP: number;
  readonly aStepR: number;
  readonly aPanel: number;
  readonly bp: number;
  readonly bStepP: number;
  readonly bPanel: number;
  readonly cp: number;
  readonly ldc: number;
  readonly mPanels: number;
  readonly nPanels: number;
  readonly kc: number;
  readonly alpha: number;
  /** Whether A is packed (`blockPacked`) rather than strided (`block`). */
  readonly packedA: boolean;
  /** Row panels a thread takes at a time. */
  readonly chunkPanels: number;
}

export interface BlockPool {
  /** Runs the task on the calling thread and the ready workers; returns when all is done. */
  run(task: BlockTask): void;
  /** Workers that have started and take part in `run`. */
  ready(): number;
}

// Control words, in an Int32Array over a SharedArrayBuffer. Per-worker words (at base + rank)
// make the protocol safe against late starters: a worker touches a task only if it claims the
// generation it was assigned, and the caller reuses memory only once each worker that claimed
// has reported that same generation done.
const GENERATION = 0; // bumped by the caller to publish a task
const NEXT = 1; // next row panel to take
const FAILED = 2; // set by a worker whose block call threw
const PARAMS = 3; // the 13 arguments of block (alpha as float bits), chunkPanels, packedA
const READY = 32; // READY + rank: 1 once the worker has instantiated the module
const ASSIGNED = 48; // ASSIGNED + rank: the generation the worker is to help with; 0 once
// claimed by the worker or revoked by the caller (whoever swaps it first decides)
const DONE = 64; // DONE + rank: the last generation the worker finished
const MAX_WORKERS = 16;

/**
 * Takes chunks of row panels off the shared counter and computes them (caller and workers).
 * Its source is copied into the workers, so it uses literal control indices (PARAMS = 3,
 * NEXT = 1) and nothing from this module's scope.
 */
function takeChunks(
  ctl: Int32Array,
  ctlFloat: Float32Array,
  strided: BlockFn,
  packed: BlockFn,
): void {
  const [ap, aStepP, aStepR, aPanel, bp, bStepP, bPanel, cp, ldc] = ctl.subarray(3, 12);
  const [mPanels, nPanels, kc] = ctl.subarray(12, 15);
  const alpha = ctlFloat[15];
  const chunk = ctl[16];
  const block = ctl[17] === 1 ? packed : strided;
  for (;;) {
    const first = Atomics.add(ctl, 1, chunk);
    if (first >= mPanels) return;
    const rows = Math.min(chunk, mPanels - first);
    const a = ap + first * aPanel;
    const c = cp + first * 4 * ldc;
    block(a, aStepP, aStepR, aPanel, bp, bStepP, bPanel, c, ldc, rows, nPanels, kc, alpha);
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
const ctlFloat = new Float32Array(control);
const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
const { block, blockPacked } = instance.exports;
const takeChunks = (${takeChunks.toString()});
Atomics.store(ctl, ${READY} + rank, 1);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${GENERATION}, seen);
  seen = Atomics.load(ctl, ${GENERATION});
  // Claim the assignment; the caller may have revoked it already, having finished alone.
  if (Atomics.compareExchange(ctl, ${ASSIGNED} + rank, seen, 0) !== seen) continue;
  try {
    takeChunks(ctl, ctlFloat, block, blockPacked);
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
  readonly blockPacked: BlockFn;
  readonly workers: number;
}): BlockPool {
  const { bytes, memory, block, blockPacked } = options;
  const workers = Math.min(options.workers, MAX_WORKERS);
  const control = new SharedArrayBuffer(80 * 4);
  const ctl = new Int32Array(control);
  const ctlFloat = new Float32Array(control);
  for (let rank = 0; rank < workers; rank++) {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bytes, memory, control, rank },
    });
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
      const { ap, aStepP, aStepR, aPanel, bp, bStepP, bPanel, cp, ldc } = task;
      ctl.set([ap, aStepP, aStepR, aPanel, bp, bStepP, bPanel, cp, ldc], PARAMS);
      ctl.set([task.mPanels, task.nPanels, task.kc], PARAMS + 9);
      ctlFloat[PARAMS + 12] = task.alpha;
      ctl[PARAMS + 13] = task.chunkPanels;
      ctl[PARAMS + 14] = task.packedA ? 1 : 0;
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
      takeChunks(ctl, ctlFloat, block, blockPacked);
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
