/**
 * LayerNorm over the channel dimension (eps 1e-5, as GPT-2 and PyTorch's default).
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; N = B·T rows.
 */

const EPS = 1e-5;

export interface LayernormForward {
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

export function layernormForward(args: LayernormForward): void {
  const { out, mean, rstd, inp, weight, bias, N, C } = args;
  for (let n = 0; n < N; n++) {
    const o = n * C;
    let sum = 0;
    for (let c = 0; c < C; c++) sum += inp[o + c];
    const m = sum / C;
    // Two passes: the variance of activations with a large mean stays exact.
    let sq = 0;
    for (let c = 0; c < C; c++) {
      const d = inp[o + c] - m;
      sq += d * d;
    }
    const s = 1 / Math.sqrt(sq / C + EPS);
    for (let c = 0; c < C; c++) out[o + c] = (inp[o + c] - m) * s * weight[c] + bias[c];
    mean[n] = m;
    rstd[n] = s;
  }
}

export interface LayernormBackward {
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

export function layernormBackward(args: LayernormBackward): void {
  const { dinp, dweight, dbias, dout, inp, weight, mean, rstd, N, C } = args;
  for (let n = 0; n < N; n++) {
    const o = n * C;
    const m = mean[n];
    const s = rstd[n];
    // d(norm) = dout·w; dx = s · (dnorm − mean(dnorm) − norm · mean(dnorm · norm))
    let dnormMean = 0;
    let dnormNormMean = 0;
    for (let c = 0; c < C; c++) {
      const norm = (inp[o + c] - m) * s;
      const dnorm = dout[o + c] * weight[c];
      dnormMean += dnorm;
      dnormNormMean += dnorm * norm;
    }
    dnormMean /= C;
    dnormNormMean /= C;
    for (let c = 0; c < C; c++) {
      const norm = (inp[o + c] - m) * s;
      const d = dout[o + c];
      dbias[c] += d;
      dweight[c] += d * norm;
      dinp[o + c] += (d * weight[c] - dnormMean - norm * dnormNormMean) * s;
    }
  }
}
