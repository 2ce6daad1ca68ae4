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
  columnSumInto(kernel, dbias, dout, N, O);
}

/** A row of ones, grown on demand: bias gradients are ones(1×N) · dout, a GEMM. */
let ones = new Float32Array(0);

/**
 * dst[j] += Σ_n src[n, j] as the product ones(1×N) · src: the kernel's vectorized loop beats a
 * scalar column sum several times over.
 *
 * @param dst (O) accumulated
 * @param src (N, O)
 */
export function columnSumInto(
  kernel: MatmulKernel,
  dst: Float32Array,
  src: Float32Array,
  N: number,
  O: number,
): void {
  if (ones.length < N) ones = new Float32Array(N).fill(1);
  kernel.sgemm({ a: ones.subarray(0, N), b: src, c: dst, m: 1, n: O, k: N, beta: 1 });
}
