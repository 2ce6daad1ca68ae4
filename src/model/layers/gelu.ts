import { fastTanh } from "../math/fast-tanh.js";

/**
 * GELU, tanh approximation (GPT-2's; PyTorch `F.gelu(x, approximate="tanh")`):
 *   gelu(x) = ½ x (1 + tanh(√(2/π) (x + 0.044715 x³)))
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; the MLP applies it to (B, T, 4C), here
 * flattened to M elements.
 */

const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;

export interface GeluForward {
  /** @param out (M) written */
  readonly out: Float32Array;
  /** @param inp (M) */
  readonly inp: Float32Array;
  readonly M: number;
}

export function geluForward({ out, inp, M }: GeluForward): void {
  for (let i = 0; i < M; i++) {
    const x = inp[i];
    out[i] = 0.5 * x * (1 + fastTanh(K * (x + A * x * x * x)));
  }
}

export interface GeluBackward {
  /** @param dinp (M) written (may alias `dout`: each element is read before it is written) */
  readonly dinp: Float32Array;
  /** @param dout (M) */
  readonly dout: Float32Array;
  /** @param inp (M) the forward input */
  readonly inp: Float32Array;
  readonly M: number;
}

export function geluBackward({ dinp, dout, inp, M }: GeluBackward): void {
  for (let i = 0; i < M; i++) {
    const x = inp[i];
    const x2 = x * x;
    // tanh is recomputed rather than stored: it costs less than (B, T, 4C) more memory traffic.
    const t = fastTanh(K * (x + A * x2 * x));
    const grad = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * A * x2);
    dinp[i] = dout[i] * grad;
  }
}
