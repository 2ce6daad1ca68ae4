import type { EngineExports } from "../wasm/engine-wasm.js";

/**
 * LayerNorm over the channel dimension, eps 1e-5 as in GPT-2 and PyTorch (kernels in
 * ../wasm/layernorm.c). Every array is a view of the model's arena.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; N = B·T rows.
 */

export interface LayernormForward {
  readonly wasm: EngineExports;
  /** @param out (N, C) written */
  readonly out: Float32Array;
  /** @param mean (N) written, kept for the backward pass */
  readonly mean: Float32Array;
  /** @param rstd (N) written: 1 / sqrt(var + eps) */
  readonly rstd: Float32Array;
  /** @param inp (N, C) */
  readonly inp: Float32Array;
  /** @param weight (C) */
  readonly weight: Float32Array;
  /** @param bias (C) */
  readonly bias: Float32Array;
  readonly N: number;
  readonly C: number;
}

/** out = (inp − mean) · rstd · weight + bias, row by row */
export function layernormForward({
  wasm,
  out,
  mean,
  rstd,
  inp,
  weight,
  bias,
  N,
  C,
}: LayernormForward): void {
  wasm.layernorm_forward(
    out.byteOffset,
    mean.byteOffset,
    rstd.byteOffset,
    inp.byteOffset,
    weight.byteOffset,
    bias.byteOffset,
    N,
    C,
  );
}

export interface LayernormBackward {
  readonly wasm: EngineExports;
  /** @param dinp (N, C) accumulated (+=): LayerNorm sits on a residual branch */
  readonly dinp: Float32Array;
  /** @param dweight (C) accumulated */
  readonly dweight: Float32Array;
  /** @param dbias (C) accumulated */
  readonly dbias: Float32Array;
  /** @param dout (N, C) */
  readonly dout: Float32Array;
  /** @param inp (N, C) */
  readonly inp: Float32Array;
  /** @param weight (C) */
  readonly weight: Float32Array;
  /** @param mean (N) from the forward pass */
  readonly mean: Float32Array;
  /** @param rstd (N) from the forward pass */
  readonly rstd: Float32Array;
  readonly N: number;
  readonly C: number;
}

/** dinp += rstd · (dnorm − mean(dnorm) − norm · mean(dnorm · norm)), dnorm = dout · weight */
export function layernormBackward(args: LayernormBackward): void {
  const { wasm, dinp, dweight, dbias, dout, inp, weight, mean, rstd, N, C } = args;
  wasm.layernorm_backward(
    dinp.byteOffset,
    dweight.byteOffset,
    dbias.byteOffset,
    dout.byteOffset,
    inp.byteOffset,
    weight.byteOffset,
    mean.byteOffset,
    rstd.byteOffset,
    N,
    C,
  );
}
