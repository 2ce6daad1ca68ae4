import type { MatmulKernel } from "../kernels/kernel.js";
import { fastExpNeg } from "../math/fast-exp.js";

/**
 * Causal multi-head self-attention on a packed q|k|v input (the c_attn output), without the
 * output projection (that is a `linear` layer).
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; H = heads, D = C / H (head size).
 *
 * q, k and v are first rearranged to (B, H, T, D) so each (batch, head) pair is a contiguous
 * T×D block: the scores and the weighted sum are then two plain GEMMs per pair. The causal part
 * is applied in the softmax; the upper triangle of `att` holds zeros, so the full-square GEMMs
 * that read it stay exact.
 */

export interface AttentionForward {
  readonly kernel: MatmulKernel;
  /** @param out (B, T, C) written: heads concatenated, before c_proj */
  readonly out: Float32Array;
  /** @param qkv (B, T, 3C) c_attn output, q | k | v along channels */
  readonly qkv: Float32Array;
  /** @param qkvr (3, B, H, T, D) written, kept for the backward pass */
  readonly qkvr: Float32Array;
  /** @param att (B, H, T, T) written: softmax probabilities, zero above the diagonal */
  readonly att: Float32Array;
  /** @param yr (B, H, T, D) scratch */
  readonly yr: Float32Array;
  readonly B: number;
  readonly T: number;
  readonly C: number;
  readonly H: number;
}

export function attentionForward(args: AttentionForward): void {
  const { kernel, out, qkv, qkvr, att, yr, B, T, C, H } = args;
  const D = C / H;
  const BTC = B * T * C;
  const scale = 1 / Math.sqrt(D);
  splitHeads(qkvr, qkv, B, T, C, H);
  for (let bh = 0; bh < B * H; bh++) {
    const q = qkvr.subarray(bh * T * D, (bh + 1) * T * D);
    const k = qkvr.subarray(BTC + bh * T * D, BTC + (bh + 1) * T * D);
    const v = qkvr.subarray(2 * BTC + bh * T * D, 2 * BTC + (bh + 1) * T * D);
    const a = att.subarray(bh * T * T, (bh + 1) * T * T);
    kernel.sgemm({ a: q, b: k, c: a, m: T, n: T, k: D, transB: true, alpha: scale, beta: 0 });
    causalSoftmaxRows(a, T);
    kernel.sgemm({
      a,
      b: v,
      c: yr.subarray(bh * T * D, (bh + 1) * T * D),
      m: T,
      n: D,
      k: T,
      beta: 0,
    });
  }
  mergeHeads(out, yr, B, T, C, H);
}

export interface AttentionBackward {
  readonly kernel: MatmulKernel;
  /** @param dqkv (B, T, 3C) written */
  readonly dqkv: Float32Array;
  /** @param dout (B, T, C) */
  readonly dout: Float32Array;
  /** @param qkvr (3, B, H, T, D) from the forward pass */
  readonly qkvr: Float32Array;
  /** @param att (B, H, T, T) from the forward pass */
  readonly att: Float32Array;
  /** @param dqkvr (3, B, H, T, D) scratch */
  readonly dqkvr: Float32Array;
  /** @param dyr (B, H, T, D) scratch */
  readonly dyr: Float32Array;
  /** @param datt (T, T) scratch */
  readonly datt: Float32Array;
  readonly B: number;
  readonly T: number;
  readonly C: number;
  readonly H: number;
}

export function attentionBackward(args: AttentionBackward): void {
  const { kernel, dqkv, dout, qkvr, att, dqkvr, dyr, datt, B, T, C, H } = args;
  const D = C / H;
  const BTC = B * T * C;
  const TD = T * D;
  const scale = 1 / Math.sqrt(D);
  splitHeadsOne(dyr, dout, B, T, C, H);
  const dS = datt.subarray(0, T * T);
  for (let bh = 0; bh < B * H; bh++) {
    const q = qkvr.subarray(bh * TD, (bh + 1) * TD);
    const k = qkvr.subarray(BTC + bh * TD, BTC + (bh + 1) * TD);
    const v = qkvr.subarray(2 * BTC + bh * TD, 2 * BTC + (bh + 1) * TD);
    const dq = dqkvr.subarray(bh * TD, (bh + 1) * TD);
    const dk = dqkvr.subarray(BTC + bh * TD, BTC + (bh + 1) * TD);
    const dv = dqkvr.subarray(2 * BTC + bh * TD, 2 * BTC + (bh + 1) * TD);
    const a = att.subarray(bh * T * T, (bh + 1) * T * T);
    const dy = dyr.subarray(bh * TD, (bh + 1) * TD);
    // dP = dY · Vᵀ ; dV = Pᵀ · dY
    kernel.sgemm({ a: dy, b: v, c: dS, m: T, n: T, k: D, transB: true, beta: 0 });
    kernel.sgemm({ a, b: dy, c: dv, m: T, n: D, k: T, transA: true, beta: 0 });
    causalSoftmaxBackwardRows(dS, a, T);
    // scores = scale · Q · Kᵀ  ⇒  dQ = scale · dS · K ; dK = scale · dSᵀ · Q
    kernel.sgemm({ a: dS, b: k, c: dq, m: T, n: D, k: T, alpha: scale, beta: 0 });
    kernel.sgemm({ a: dS, b: q, c: dk, m: T, n: D, k: T, transA: true, alpha: scale, beta: 0 });
  }
  mergeHeadsQkv(dqkv, dqkvr, B, T, C, H);
}

/**
 * Row-wise softmax over the causal prefix j ≤ t, in place; zeros above the diagonal.
 * @param a (T, T) scaled scores in, probabilities out
 */
function causalSoftmaxRows(a: Float32Array, T: number): void {
  for (let t = 0; t < T; t++) {
    const o = t * T;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j <= t; j++) if (a[o + j] > max) max = a[o + j];
    let sum = 0;
    for (let j = 0; j <= t; j++) {
      const e = fastExpNeg(a[o + j] - max);
      a[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j <= t; j++) a[o + j] *= inv;
    for (let j = t + 1; j < T; j++) a[o + j] = 0;
  }
}

/**
 * Softmax backward over the causal prefix, in place: dS = P ⊙ (dP − Σ_j P·dP).
 * @param d (T, T) dP in, dS out
 * @param p (T, T) probabilities
 */
function causalSoftmaxBackwardRows(d: Float32Array, p: Float32Array, T: number): void {
  for (let t = 0; t < T; t++) {
    const o = t * T;
    let dot = 0;
    for (let j = 0; j <= t; j++) dot += p[o + j] * d[o + j];
    for (let j = 0; j <= t; j++) d[o + j] = p[o + j] * (d[o + j] - dot);
    for (let j = t + 1; j < T; j++) d[o + j] = 0;
  }
}

/**
 * (B, T, 3C) → (3, B, H, T, D)
 * @param dst (3, B, H, T, D)
 * @param src (B, T, 3C)
 */
function splitHeads(
  dst: Float32Array,
  src: Float32Array,
  B: number,
  T: number,
  C: number,
  H: number,
): void {
  const D = C / H;
  const BTC = B * T * C;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const s = (b * T + t) * 3 * C;
      for (let h = 0; h < H; h++) {
        const d = ((b * H + h) * T + t) * D;
        const sh = s + h * D;
        for (let i = 0; i < D; i++) {
          dst[d + i] = src[sh + i];
          dst[BTC + d + i] = src[sh + C + i];
          dst[2 * BTC + d + i] = src[sh + 2 * C + i];
        }
      }
    }
  }
}

/**
 * (B, T, C) → (B, H, T, D)
 * @param dst (B, H, T, D)
 * @param src (B, T, C)
 */
function splitHeadsOne(
  dst: Float32Array,
  src: Float32Array,
  B: number,
  T: number,
  C: number,
  H: number,
): void {
  const D = C / H;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const s = (b * T + t) * C;
      for (let h = 0; h < H; h++) {
        const d = ((b * H + h) * T + t) * D;
        for (let i = 0; i < D; i++) dst[d + i] = src[s + h * D + i];
      }
    }
  }
}

/**
 * (B, H, T, D) → (B, T, C)
 * @param dst (B, T, C)
 * @param src (B, H, T, D)
 */
function mergeHeads(
  dst: Float32Array,
  src: Float32Array,
  B: number,
  T: number,
  C: number,
  H: number,
): void {
  const D = C / H;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const d = (b * T + t) * C;
      for (let h = 0; h < H; h++) {
        const s = ((b * H + h) * T + t) * D;
        for (let i = 0; i < D; i++) dst[d + h * D + i] = src[s + i];
      }
    }
  }
}

/**
 * (3, B, H, T, D) → (B, T, 3C)
 * @param dst (B, T, 3C)
 * @param src (3, B, H, T, D)
 */
function mergeHeadsQkv(
  dst: Float32Array,
  src: Float32Array,
  B: number,
  T: number,
  C: number,
  H: number,
): void {
  const D = C / H;
  const BTC = B * T * C;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const d = (b * T + t) * 3 * C;
      for (let h = 0; h < H; h++) {
        const s = ((b * H + h) * T + t) * D;
        const dh = d + h * D;
        for (let i = 0; i < D; i++) {
          dst[dh + i] = src[s + i];
          dst[dh + C + i] = src[BTC + s + i];
          dst[dh + 2 * C + i] = src[2 * BTC + s + i];
        }
      }
    }
  }
}
