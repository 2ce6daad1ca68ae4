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
  /** @param tanh (M) written: the tanh term, kept for the backward pass (may alias `inp`) */
  readonly tanh: Float32Array;
  /** @param inp (M) */
  readonly inp: Float32Array;
  readonly M: number;
}

export function geluForward({ out, tanh, inp, M }: GeluForward): void {
  for (let i = 0; i < M; i++) {
    const x = inp[i];
    const t = fastTanh(K * (x + A * x * x * x));
    tanh[i] = t;
    out[i] = 0.5 * x * (1 + t);
  }
}

export interface GeluBackward {
  /** @param dinp (M) written (may alias `dout`: each element is read before it is written) */
  readonly dinp: Float32Array;
  /** @param dout (M) */
  readonly dout: Float32Array;
  /** @param inp (M) the forward input */
  readonly inp: Float32Array;
  /** @param tanh (M) from the forward pass */
  readonly tanh: Float32Array;
  readonly M: number;
}

export function geluBackward({ dinp, dout, inp, tanh, M }: GeluBackward): void {
  for (let i = 0; i < M; i++) {
    const x = inp[i];
    const x2 = x * x;
    const t = tanh[i];
    const grad = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * A * x2);
    dinp[i] = dout[i] * grad;
  }
}
