/**
 * The one interface every matrix-product implementation of the built-in model satisfies.
 *
 * Row-major, contiguous operands (pass `subarray` views to address a slice: both the portable
 * and the native implementations honour a typed array's byte offset).
 *
 *   C (m×n) = alpha · op(A) · op(B) + beta · C
 *   op(A) is m×k: A is stored m×k, or k×m when `transA`
 *   op(B) is k×n: B is stored k×n, or n×k when `transB`
 *
 * `beta = 1` accumulates into C (how backward passes add parameter gradients); `beta = 0`
 * overwrites C without reading it (C may hold garbage, even NaN). Defaults: alpha 1, beta 0,
 * no transposes. C must not overlap A or B. A bad shape, a buffer too short for it or an overlap
 * throws a `GemmArgumentError`.
 */
export interface GemmParams {
  readonly a: Float32Array;
  readonly b: Float32Array;
  readonly c: Float32Array;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA?: boolean;
  readonly transB?: boolean;
  readonly alpha?: number;
  readonly beta?: number;
}

/**
 * `count` products of one shape: item i multiplies the operands `i · strideA` and `i · strideB`
 * elements into `a` and `b` into C at `i · strideC` (the per-head products of attention). The
 * items' C must not overlap one another (`strideC ≥ m·n`), nor any A or B.
 */
export interface GemmBatchParams extends GemmParams {
  readonly count: number;
  readonly strideA: number;
  readonly strideB: number;
  readonly strideC: number;
}

/**
 * Decode-step attention against a KV cache (the computation of src/model/wasm/cached_attention.c):
 * row r's key and value (from `qkv`) are written into cache slot `seqs[r]` at `positions[r]`,
 * then it attends to positions 0 … `positions[r]` of that slot; `out` gets the heads
 * concatenated. Rows extending one slot come in increasing positions.
 *
 * Shapes: C = channels, H = heads, D = C / H, R = rows, S = cache slots, L = cache length.
 */
export interface CachedAttentionParams {
  /** @param out (R, C) written */
  readonly out: Float32Array;
  /** @param qkv (R, 3C) c_attn output of the rows, bias included */
  readonly qkv: Float32Array;
  /** @param kCache (S, H, D, L) keys, transposed */
  readonly kCache: Float32Array;
  /** @param vCache (S, H, L, D) */
  readonly vCache: Float32Array;
  /** @param seqs (R) the slot each row extends */
  readonly seqs: Int32Array;
  /** @param positions (R) */
  readonly positions: Int32Array;
  readonly R: number;
  readonly C: number;
  readonly H: number;
  readonly L: number;
}

export interface MatmulKernel {
  /** Short name shown in benchmarks and logs, e.g. "openblas" or "portable". */
  readonly name: string;
  /** How it runs here, for logs, e.g. "avx512, 2 threads" (see describeKernel). */
  readonly detail?: string;
  sgemm(params: GemmParams): void;
  /**
   * Many small products in one call, where the kernel does better than a loop of `sgemm`
   * (one crossing into native code, the items shared out among threads whole). Optional: call
   * it through `sgemmBatch` (sgemm-batch.ts), which loops over `sgemm` without it.
   */
  sgemmBatch?(params: GemmBatchParams): void;
  /**
   * Decode-step attention in native code, where the kernel is one of toolgym's native addons
   * (not a matrix product, but the other inner loop of sampling: every new token attends to its
   * whole prefix). Optional: without it the model runs its WebAssembly version.
   */
  cachedAttention?(params: CachedAttentionParams): void;
}
