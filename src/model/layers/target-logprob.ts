/**
 * Log-softmax over the vocabulary, gathered at the target ids: logprob[n] = log softmax(logits[n])[y].
 * This is the model's output layer for the training algorithms: every loss is a function of these
 * per-token log-probabilities. Rows whose mask is 0 (padding, prompt tokens) are skipped: their
 * log-prob reads 0 and they receive no gradient.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; N = B·T rows.
 */

import { fastExpNeg } from "../math/fast-exp.js";

export interface TargetLogprobForward {
  /** @param logprobs (N) written */
  readonly logprobs: Float32Array;
  /** @param probs (N, V) written where the mask is set: softmax(logits), kept for the backward pass */
  readonly probs: Float32Array;
  /** @param logits (N, V) */
  readonly logits: Float32Array;
  /** @param targets (N) ids in [0, V) where the mask is set */
  readonly targets: Int32Array;
  /** @param mask (N) 0 = skip the row */
  readonly mask: ArrayLike<number>;
  readonly N: number;
  readonly V: number;
}

export function targetLogprobForward(args: TargetLogprobForward): void {
  const { logprobs, probs, logits, targets, mask, N, V } = args;
  for (let n = 0; n < N; n++) {
    if (mask[n] === 0) {
      logprobs[n] = 0;
      continue;
    }
    const o = n * V;
    let max = Number.NEGATIVE_INFINITY;
    for (let v = 0; v < V; v++) if (logits[o + v] > max) max = logits[o + v];
    let sum = 0;
    for (let v = 0; v < V; v++) {
      const e = fastExpNeg(logits[o + v] - max);
      probs[o + v] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let v = 0; v < V; v++) probs[o + v] *= inv;
    logprobs[n] = logits[o + targets[n]] - max - Math.log(sum);
  }
}

export interface TargetLogprobBackward {
  /** @param dlogits (N, V) written (may alias `probs`) */
  readonly dlogits: Float32Array;
  /** @param dlogprobs (N) ∂loss/∂logprob */
  readonly dlogprobs: ArrayLike<number>;
  /** @param probs (N, V) from the forward pass */
  readonly probs: Float32Array;
  /** @param targets (N) */
  readonly targets: Int32Array;
  /** @param mask (N) */
  readonly mask: ArrayLike<number>;
  readonly N: number;
  readonly V: number;
}

/** ∂logprob[n]/∂logits[n, v] = 1[v = y] − softmax(logits[n])[v] */
export function targetLogprobBackward(args: TargetLogprobBackward): void {
  const { dlogits, dlogprobs, probs, targets, mask, N, V } = args;
  for (let n = 0; n < N; n++) {
    const o = n * V;
    const g = mask[n] === 0 ? 0 : dlogprobs[n];
    if (g === 0) {
      dlogits.fill(0, o, o + V);
      continue;
    }
    for (let v = 0; v < V; v++) dlogits[o + v] = -g * probs[o + v];
    dlogits[o + targets[n]] += g;
  }
}
