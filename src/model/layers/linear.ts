import type { MatmulKernel } from "../kernels/kernel.js";
import type { EngineExports } from "../wasm/engine-wasm.js";

/**
 * Fully connected layer y = x · W + b, W stored (in, out) like Hugging Face's Conv1D. It can
 * add a residual in the same pass (y = r + x · W + b): how the attention and MLP projections
 * write back into the residual stream. Every array is a view of the model's arena.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; N = B·T rows, I = in, O = out features.
 */

export interface LinearForward {
  readonly kernel: MatmulKernel;
  readonly wasm: EngineExports;
  /** @param out (N, O) written */
  readonly out: Float32Array;
  /** @param inp (N, I) */
  readonly inp: Float32Array;
  /** @param weight (I, O) */
  readonly weight: Float32Array;
  /** @param bias (O); left out when the next layer adds it in its own pass */
  readonly bias?: Float32Array;
  /** @param residual (N, O) added to the output; needs `bias`; may be `out` itself */
  readonly residual?: Float32Array;
  readonly N: number;
  readonly I: number;
  readonly O: number;
}

export function linearForward({
  kernel,
  wasm,
  out,
  inp,
  weight,
  bias,
  residual,
  N,
  I,
  O,
}: LinearForward): void {
  if (bias) {
    // Seed the output with bias (+ residual) and let the GEMM accumulate onto it (beta = 1):
    // one write pass instead of a GEMM followed by a read-modify-write pass.
    wasm.bias_rows(out.byteOffset, bias.byteOffset, residual ? residual.byteOffset : 0, N, O);
  }
  kernel.sgemm({ a: inp, b: weight, c: out, m: N, n: O, k: I, beta: bias ? 1 : 0 });
}

export interface LinearBackward {
  readonly kernel: MatmulKernel;
  readonly wasm: EngineExports;
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
  const {
    kernel,
    wasm,
    dinp,
    dweight,
    dbias,
    dout,
    inp,
    weight,
    N,
    I,
    O,
    accumulate = false,
  } = args;
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
  // db += Σ_n dy[n]
  wasm.column_sum_add(dbias.byteOffset, dout.byteOffset, N, O);
}
