import type { MatmulKernel } from "../kernels/kernel.js";

/**
 * Fully connected layer y = x · W + b with W stored (in, out) like Hugging Face's Conv1D.
 * Optionally adds a residual in the same pass (y = r + x · W + b), which is how the attention and
 * MLP projections write back into the residual stream without a separate add.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; N = B·T rows, I = in, O = out features.
 */

export interface LinearForward {
  readonly kernel: MatmulKernel;
  /** @param out (N, O) written */
  readonly out: Float32Array;
  /** @param inp (N, I) */
  readonly inp: Float32Array;
  /** @param weight (I, O) */
  readonly weight: Float32Array;
  /** @param bias (O) */
  readonly bias: Float32Array;
  /** @param residual (N, O) added to the output when given */
  readonly residual?: Float32Array;
  readonly N: number;
  readonly I: number;
  readonly O: number;
}

export function linearForward(args: LinearForward): void {
  const { kernel, out, inp, weight, bias, residual, N, I, O } = args;
  // Seed the output with bias (+ residual) and let the GEMM accumulate onto it (beta = 1): one
  // write pass instead of a GEMM followed by a read-modify-write pass.
  if (residual) {
    for (let n = 0; n < N; n++) {
      const o = n * O;
      for (let j = 0; j < O; j++) out[o + j] = residual[o + j] + bias[j];
    }
  } else {
    for (let n = 0; n < N; n++) out.set(bias, n * O);
  }
  kernel.sgemm({ a: inp, b: weight, c: out, m: N, n: O, k: I, beta: 1 });
}

export interface LinearBackward {
  readonly kernel: MatmulKernel;
  /** @param dinp (N, I) written, or accumulated when `accumulate` */
  readonly dinp: Float32Array;
  /** @param dweight (I, O) accumulated */
  readonly dweight: Float32Array;
  /** @param dbias (O) accumulated */
  readonly dbias: Float32Array;
  /** @param dout (N, O) */
  readonly dout: Float32Array;
  /** @param inp (N, I) the forward input */
  readonly inp: Float32Array;
  /** @param weight (I, O) */
  readonly weight: Float32Array;
  readonly N: number;
  readonly I: number;
  readonly O: number;
  readonly accumulate?: boolean;
}

export function linearBackward(args: LinearBackward): void {
  const { kernel, dinp, dweight, dbias, dout, inp, weight, N, I, O, accumulate = false } = args;
  // dx = dy · Wᵀ
  kernel.sgemm({
    a: dout,
    b: weight,
    c: dinp,
    m: N,
    n: I,
    k: O,
    transB: true,
    beta: accumulate ? 1 : 0,
  });
  // dW += xᵀ · dy
  kernel.sgemm({ a: inp, b: dout, c: dweight, m: I, n: O, k: N, transA: true, beta: 1 });
  columnSumInto(dbias, dout, N, O);
}

/** Float64 running sums for `columnSumInto`, grown on demand and reused. */
let columnAcc = new Float64Array(0);

/**
 * dst[j] += Σ_n src[n, j], reading `src` row by row (in memory order) into float64 sums.
 *
 * @param dst (O) accumulated
 * @param src (N, O)
 */
export function columnSumInto(dst: Float32Array, src: Float32Array, N: number, O: number): void {
  if (columnAcc.length < O) columnAcc = new Float64Array(O);
  const acc = columnAcc;
  acc.fill(0, 0, O);
  for (let n = 0; n < N; n++) {
    const o = n * O;
    for (let j = 0; j < O; j++) acc[j] += src[o + j];
  }
  for (let j = 0; j < O; j++) dst[j] += acc[j];
}
