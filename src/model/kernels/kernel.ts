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
}
