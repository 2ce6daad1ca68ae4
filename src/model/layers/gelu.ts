import type { EngineExports } from "../wasm/engine-wasm.js";

/**
 * GELU, tanh approximation (GPT-2's; PyTorch `F.gelu(x, approximate="tanh")`), fused with the
 * bias of the c_fc projection before it (kernels in ../wasm/gelu.c):
 *   gelu(x) = ½ x (1 + tanh(√(2/π) (x + 0.044715 x³)))
 * Every array is a view of the model's arena.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; N = B·T rows, O = 4C features.
 */

export interface GeluBiasForward {
  readonly wasm: EngineExports;
  /** @param pre (N, O) x·W in, x·W + bias out: the GELU input, kept for the backward pass */
  readonly pre: Float32Array;
  /** @param tanh (N, O) written: the tanh term, kept for the backward pass */
  readonly tanh: Float32Array;
  /** @param out (N, O) written */
  readonly out: Float32Array;
  /** @param bias (O) */
  readonly bias: Float32Array;
  readonly N: number;
  readonly O: number;
}

export function geluBiasForward({ wasm, pre, tanh, out, bias, N, O }: GeluBiasForward): void {
  wasm.gelu_bias_forward(pre.byteOffset, tanh.byteOffset, out.byteOffset, bias.byteOffset, N, O);
}

export interface GeluBackward {
  readonly wasm: EngineExports;
  /** @param dinp (M) written (may alias `dout`) */
  readonly dinp: Float32Array;
  /** @param dout (M) */
  readonly dout: Float32Array;
  /** @param inp (M) the GELU input from the forward pass */
  readonly inp: Float32Array;
  /** @param tanh (M) from the forward pass */
  readonly tanh: Float32Array;
  readonly M: number;
}

/** dinp = dout · (½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)) */
export function geluBackward({ wasm, dinp, dout, inp, tanh, M }: GeluBackward): void {
  wasm.gelu_backward(dinp.byteOffset, dout.byteOffset, inp.byteOffset, tanh.byteOffset, M);
}
