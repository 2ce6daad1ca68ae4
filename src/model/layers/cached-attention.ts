/**
 * Causal self-attention for one new token per sequence against a KV cache: the decode step of
 * generation. Inference only, so there is no backward: training re-scores sampled tokens with the
 * full `attention` layer, which is what makes its gradients exact.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; H = heads, D = C / H; R = rows decoded
 * this step (one per unfinished sequence), S = sequences in the cache, L = cache length.
 */

import { fastExpNeg } from "../math/fast-exp.js";

export interface CachedAttentionForward {
  /** @param out (R, C) written: heads concatenated, before c_proj */
  readonly out: Float32Array;
  /** @param qkv (R, 3C) c_attn output of the new tokens */
  readonly qkv: Float32Array;
  /** @param kCache (S, H, L, D) keys; row r's new key is written at its position */
  readonly kCache: Float32Array;
  /** @param vCache (S, H, L, D) values, likewise */
  readonly vCache: Float32Array;
  /** @param seqs (R) which cached sequence each row continues */
  readonly seqs: Int32Array;
  /** @param positions (R) position of each row's new token (it attends to 0 … position) */
  readonly positions: Int32Array;
  /** @param scores (L) scratch */
  readonly scores: Float64Array;
  readonly R: number;
  readonly C: number;
  readonly H: number;
  readonly L: number;
}

export function cachedAttentionForward(args: CachedAttentionForward): void {
  const { out, qkv, kCache, vCache, seqs, positions, scores, R, C, H, L } = args;
  const D = C / H;
  const scale = 1 / Math.sqrt(D);
  for (let r = 0; r < R; r++) {
    const p = positions[r];
    for (let h = 0; h < H; h++) {
      const q = r * 3 * C + h * D;
      const base = (seqs[r] * H + h) * L * D;
      const slot = base + p * D;
      for (let i = 0; i < D; i++) {
        kCache[slot + i] = qkv[q + C + i];
        vCache[slot + i] = qkv[q + 2 * C + i];
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j <= p; j++) {
        const k = base + j * D;
        let s = 0;
        for (let i = 0; i < D; i++) s += qkv[q + i] * kCache[k + i];
        s *= scale;
        scores[j] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let j = 0; j <= p; j++) {
        const e = fastExpNeg(scores[j] - max);
        scores[j] = e;
        sum += e;
      }
      const o = r * C + h * D;
      for (let i = 0; i < D; i++) out[o + i] = 0;
      for (let j = 0; j <= p; j++) {
        const w = scores[j] / sum;
        const v = base + j * D;
        for (let i = 0; i < D; i++) out[o + i] += w * vCache[v + i];
      }
    }
  }
}
