import { checkGemmParams } from "./check-gemm-params.js";
import type { MatmulKernel } from "./kernel.js";
import { KernelUnavailableError } from "./kernel-unavailable-error.js";
import { packA, packB } from "./pack-operands.js";
import { portableKernel, scaleInPlace } from "./portable-kernel.js";
import { type BlockFn, createBlockPool } from "./wasm-block-pool.js";
import { copyCIn, copyCOut } from "./wasm-c-copy.js";
import { WASM_MR as MR, WASM_NR as NR, wasmSgemmModule } from "./wasm-sgemm-module.js";

/**
 * Depth of one slab of k, and rows of A per `block` call: a 64×256 block of A (64 KiB) stays in
 * L2 while a 256×8 panel of B (8 KiB) stays in L1.
 */
const KC = 256;
const MC = 64;
/** Below this many multiply-adds the copies in and out cost more than SIMD saves. */
const SMALL = 16 * 16 * 16;
/** Columns (rows) of C from which packing A (B) pays for itself; measured. */
const PACK_MIN = 256;
/**
 * Multiply-adds from which worker threads help. Measured on two idle cores: 128×128×64 ran
 * 0.8× as fast on two threads, 256×256×64 1.1×, 1024³ and the model's 2048×128×512 1.65–1.75×.
 */
const PARALLEL_MIN = 1 << 23;
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
   * a shared memory; they help only with products of at least `parallelMin` multiply-adds.
   */
  readonly threads?: number;
  /** Multiply-adds from which a product is split over threads (tests lower it). */
  readonly parallelMin?: number;
}

/**
 * The matrix product on WebAssembly SIMD (f32x4), assembled at load time from
 * wasm-sgemm-module.ts: no build step, runs wherever Node runs, about ten times the plain
 * TypeScript kernel. A and B are copied into the module's memory as they are stored (memcpy
 * speed; only Bᵀ is repacked, in slabs), C is copied in scaled by beta and out; the module
 * adds alpha · 4×8 tiles, on `threads` threads.
 *
 * Throws `KernelUnavailableError` where WebAssembly SIMD is missing (Node < 16.4).
 */
export function loadWasmKernel(options: LoadWasmOptions = {}): WasmKernel {
  const { threads = 1, parallelMin = PARALLEL_MIN } = options;
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
  const blockPacked = instance.exports.blockPacked as BlockFn;
  const pool = shared
    ? createBlockPool({ bytes, memory, block, blockPacked, workers: threads - 1 })
    : undefined;
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

  /**
   * C = alpha · op(A) · op(B) + beta · C, C m×n; or, with `cTransposed`, the caller's C is
   * n×m and receives the transpose.
   */
  function product(
    a: Float32Array,
    b: Float32Array,
    m: number,
    n: number,
    k: number,
    transA: boolean,
    transB: boolean,
    alpha: number,
    beta: number,
    c: Float32Array,
    cTransposed: boolean,
  ): boolean {
    const mPad = roundUp(m, MR);
    const nPad = roundUp(n, NR);
    const kcMax = Math.min(KC, k);
    const parallel = pool !== undefined && m * n * k >= parallelMin && m >= 2 * MC;
    // Packing an operand costs one pass over it in JS; it pays when many columns (for A) or
    // rows (for B) reuse it. Otherwise the module reads the operand as stored, copied in at
    // memcpy speed. Bᵀ is always packed: its panels' rows are not contiguous.
    const packedA = n >= PACK_MIN;
    const packedB = transB || m >= PACK_MIN;
    // Layout in floats: A | B | C padded to mPad × nPad. After an unpacked A or B, slack for
    // the padding rows and columns of the last tiles to read: their results land in C's
    // padding and are never copied out.
    const aOff = 0;
    const aLength = packedA ? (parallel ? mPad : Math.min(MC, mPad)) * kcMax : mPad * k + MR;
    const bOff = roundUp(aLength, 4);
    const cOff = bOff + roundUp(packedB ? kcMax * nPad : k * n + NR, 4);
    if (!reserve(cOff + mPad * nPad)) return false;
    if (!packedA) heap.set(a.subarray(0, m * k), aOff);
    if (!packedB) heap.set(b.subarray(0, k * n), bOff);
    const region = { heap, offset: cOff, rows: m, cols: n, ldc: nPad, transposed: cTransposed };
    copyCIn(c, beta, region);
    const cp = 4 * cOff;
    const ldc = 4 * nPad;
    const nPanels = nPad / NR;
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      // Byte steps: packed panels, or the operand as stored (A m×k or k×m, B k×n).
      const bp = packedB ? 4 * bOff : 4 * (bOff + p0 * n);
      const bStepP = packedB ? 4 * NR : 4 * n;
      const bPanel = packedB ? 4 * NR * kc : 4 * NR;
      if (packedB) packB(b, transB, n, k, 0, n, p0, kc, NR, heap, bOff);
      const aStepP = packedA ? 4 * MR : transA ? 4 * m : 4;
      const aStepR = packedA ? 4 : transA ? 4 : 4 * k;
      const aPanel = packedA ? 4 * MR * kc : MR * aStepR;
      const aSlab = packedA ? 4 * aOff : 4 * aOff + p0 * aStepP;
      if (parallel) {
        if (packedA) packA(a, transA, m, k, 0, m, p0, kc, MR, 1, heap, aOff);
        const steps = { aStepP, aStepR, aPanel, bp, bStepP, bPanel, cp, ldc, nPanels, kc };
        const chunkPanels = MC / MR;
        pool.run({ ap: aSlab, ...steps, mPanels: mPad / MR, alpha, packedA, chunkPanels });
        continue;
      }
      const run = packedA ? blockPacked : block;
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        if (packedA) packA(a, transA, m, k, i0, mc, p0, kc, MR, 1, heap, aOff);
        const ap = packedA ? aSlab : aSlab + (i0 / MR) * aPanel;
        const mPanels = Math.ceil(mc / MR);
        const ci = cp + i0 * ldc;
        run(ap, aStepP, aStepR, aPanel, bp, bStepP, bPanel, ci, ldc, mPanels, nPanels, kc, alpha);
      }
    }
    copyCOut(region, c);
    return true;
  }

  return {
    name: "wasm",
    detail: pool === undefined ? "1 thread" : `${threads} threads`,
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
      if (m * n * k < SMALL) {
        portableKernel.sgemm(params);
        return;
      }
      // Bᵀ must be packed, a pass over all n·k of it. When few rows reuse it, computing
      // Cᵀ = op(B)ᵀ · op(A)ᵀ costs less: it packs A (m·k) and transposes C (2·m·n).
      const swap = transB && m < PACK_MIN && n * k > m * k + 2 * m * n;
      const done = swap
        ? product(b, a, n, m, k, !transB, !transA, alpha, beta, c, true)
        : product(a, b, m, n, k, transA, transB, alpha, beta, c, false);
      // Too big for the wasm memory: the portable kernel needs none.
      if (!done) portableKernel.sgemm(params);
    },
  };
}

function roundUp(x: number, multiple: number): number {
  return Math.ceil(x / multiple) * multiple;
}
