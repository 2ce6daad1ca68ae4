import { checkGemmParams } from "./check-gemm-params.js";
import type { MatmulKernel } from "./kernel.js";
import { KernelUnavailableError } from "./kernel-unavailable-error.js";
import { packA, packB } from "./pack-operands.js";
import { portableKernel } from "./portable-kernel.js";
import { scaleInPlace } from "./scale-in-place.js";
import { type BlockFn, createBlockPool } from "./wasm-block-pool.js";
import { WASM_MR as MR, WASM_NR as NR, wasmSgemmModule } from "./wasm-sgemm-module.js";

/** Depth of one packed slab, and rows of A packed at a time (64 KiB of A: stays in L2). */
const KC = 256;
const MC = 64;
/** Below this many multiply-adds the copies in and out cost more than SIMD saves. */
const SMALL = 16 * 16 * 16;
/** Multiply-adds from which worker threads help (below, waking them costs more). */
const PARALLEL_MIN = 64 * 64 * 64;
/** Products needing more memory than this run on the portable kernel instead. */
const MAX_BYTES = 1 << 30;
const PAGE = 65536;

/**
 * The part of the WebAssembly JS API this kernel uses. TypeScript declares it only in the DOM
 * library, which this Node package does not load.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: { env: { memory: WasmMemory } },
  ) => { exports: Record<string, unknown> };
}

/** The WebAssembly kernel, with how many of its worker threads have started. */
export interface WasmKernel extends MatmulKernel {
  readonly name: "wasm";
  /** Threads per product it was asked for, the caller's included. */
  readonly threads: number;
  /** Worker threads ready to help (they start in the background). */
  workersReady(): number;
}

export interface LoadWasmOptions {
  /**
   * Threads per product, the caller's included (default 1). More than 1 runs worker threads on
   * a shared memory; they help only with products of at least PARALLEL_MIN multiply-adds.
   */
  readonly threads?: number;
}

/**
 * The matrix product on WebAssembly SIMD (f32x4), assembled at load time from
 * wasm-sgemm-module.ts: no build step, runs wherever Node runs, several times the plain
 * TypeScript kernel. Operands are packed into the module's memory (A pre-scaled by alpha),
 * C is copied in (scaled by beta) and out; the module adds 4×8 tiles, on `threads` threads.
 *
 * Throws `KernelUnavailableError` where WebAssembly SIMD is missing (Node < 16.4).
 */
export function loadWasmKernel(options: LoadWasmOptions = {}): WasmKernel {
  const { threads = 1 } = options;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const shared = threads > 1 && typeof SharedArrayBuffer === "function";
  const bytes = wasmSgemmModule(shared ? { sharedMaxPages: MAX_BYTES / PAGE } : {});
  if (wasm === undefined || !wasm.validate(bytes)) {
    throw new KernelUnavailableError(
      "wasm",
      "this runtime has no WebAssembly SIMD",
      "Use Node 20 or newer, or the portable kernel.",
    );
  }
  const memory = shared
    ? new wasm.Memory({ initial: 16, maximum: MAX_BYTES / PAGE, shared: true })
    : new wasm.Memory({ initial: 16 });
  const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
  const block = instance.exports.block as BlockFn;
  const pool = shared ? createBlockPool({ bytes, memory, block, workers: threads - 1 }) : undefined;
  let heap = new Float32Array(memory.buffer);

  /** Makes the memory at least `floats` long; false if that would pass MAX_BYTES. */
  function reserve(floats: number): boolean {
    const bytesNeeded = 4 * floats;
    if (bytesNeeded > MAX_BYTES) return false;
    if (bytesNeeded > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytesNeeded - memory.buffer.byteLength) / PAGE));
    }
    // Growing detaches an ordinary memory's view and lengthens a shared one's buffer.
    if (heap.buffer !== memory.buffer || heap.length * 4 < memory.buffer.byteLength) {
      heap = new Float32Array(memory.buffer);
    }
    return true;
  }

  return {
    name: "wasm",
    threads: pool === undefined ? 1 : threads,
    workersReady: () => pool?.ready() ?? 0,
    sgemm(params) {
      checkGemmParams(params);
      const { a, b, c, m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = params;
      if (m === 0 || n === 0) return;
      if (alpha === 0 || k === 0) {
        scaleInPlace(c, m * n, beta);
        return;
      }
      const mPad = roundUp(m, MR);
      const nPad = roundUp(n, NR);
      const kcMax = Math.min(KC, k);
      const parallel = pool !== undefined && m * n * k >= PARALLEL_MIN && m >= 2 * MC;
      // Layout in floats: packed A (one MC block, or all rows when parallel) | packed B slab |
      // C padded to mPad × nPad.
      const aOff = 0;
      const bOff = (parallel ? mPad : Math.min(MC, mPad)) * kcMax;
      const cOff = bOff + kcMax * nPad;
      if (m * n * k < SMALL || !reserve(cOff + mPad * nPad)) {
        portableKernel.sgemm(params);
        return;
      }
      copyIn(c, m, n, beta, heap, cOff, nPad);
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = Math.min(KC, k - p0);
        packB(b, transB, n, k, 0, n, p0, kc, NR, heap, bOff);
        if (parallel) {
          packA(a, transA, m, k, 0, m, p0, kc, MR, alpha, heap, aOff);
          const mPanels = mPad / MR;
          const nPanels = nPad / NR;
          const task = { ap: 4 * aOff, bp: 4 * bOff, cp: 4 * cOff, mPanels, nPanels, kc };
          pool.run({ ...task, ldc: 4 * nPad, chunkPanels: MC / MR });
          continue;
        }
        for (let i0 = 0; i0 < m; i0 += MC) {
          const mc = Math.min(MC, m - i0);
          packA(a, transA, m, k, i0, mc, p0, kc, MR, alpha, heap, aOff);
          const cAddress = 4 * (cOff + i0 * nPad);
          block(4 * aOff, 4 * bOff, cAddress, Math.ceil(mc / MR), nPad / NR, kc, 4 * nPad);
        }
      }
      copyOut(heap, cOff, nPad, c, m, n);
    },
  };
}

/** heap[cOff…] (rows nPad apart, padding zeroed) = beta · C; beta 0 does not read C. */
function copyIn(
  c: Float32Array,
  m: number,
  n: number,
  beta: number,
  heap: Float32Array,
  cOff: number,
  nPad: number,
): void {
  if (beta === 0) {
    heap.fill(0, cOff, cOff + m * nPad + (roundUp(m, MR) - m) * nPad);
    return;
  }
  if (n === nPad) {
    heap.set(c.subarray(0, m * n), cOff);
  } else {
    for (let i = 0; i < m; i++) {
      heap.set(c.subarray(i * n, i * n + n), cOff + i * nPad);
      heap.fill(0, cOff + i * nPad + n, cOff + (i + 1) * nPad);
    }
  }
  heap.fill(0, cOff + m * nPad, cOff + roundUp(m, MR) * nPad);
  if (beta !== 1) scaleInPlace(heap.subarray(cOff, cOff + m * nPad), m * nPad, beta);
}

function copyOut(
  heap: Float32Array,
  cOff: number,
  nPad: number,
  c: Float32Array,
  m: number,
  n: number,
): void {
  if (n === nPad) {
    c.set(heap.subarray(cOff, cOff + m * n));
    return;
  }
  for (let i = 0; i < m; i++) c.set(heap.subarray(cOff + i * nPad, cOff + i * nPad + n), i * n);
}

function roundUp(x: number, multiple: number): number {
  return Math.ceil(x / multiple) * multiple;
}
