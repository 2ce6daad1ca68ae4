import type { MatmulKernel } from "../kernels/kernel.js";
import type { EngineExports } from "../wasm/engine-wasm.js";

/**
 * Causal multi-head self-attention on the c_attn output (q | k | v along channels), adding
 * c_attn's bias, without the output projection (that is a `linear` layer). Every array is a
 * view of the model's arena.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; H = heads, D = C / H (head size).
 *
 * q, k and v are rearranged to (B, H, T, D), so each (batch, head) pair is a contiguous T×D
 * block and its scores and weighted sum are plain GEMMs; keys and values are also kept
 * transposed, (B, H, D, T), because the two products that make T×T matrices (Q·Kᵀ, dY·Vᵀ) run
 * several times faster in OpenBLAS as untransposed products. The causal mask is applied in the
 * softmax (../wasm/attention.c), which also zeroes the upper triangle, so the full-square GEMMs
 * that read the probabilities stay exact.
 */

export interface AttentionForward {
  readonly kernel: MatmulKernel;
  readonly wasm: EngineExports;
  /** @param out (B, T, C) written: heads concatenated, before c_proj */
  readonly out: Float32Array;
  /** @param qkv (B, T, 3C) c_attn output without its bias */
  readonly qkv: Float32Array;
  /** @param bias (3C) c_attn bias */
  readonly bias: Float32Array;
  /** @param qkvr (3, B, H, T, D) written, kept for the backward pass */
  readonly qkvr: Float32Array;
  /** @param kvt (2, B, H, D, T) written: keys and values transposed, kept for the backward pass */
  readonly kvt: Float32Array;
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
  const { kernel, wasm, out, qkv, bias, qkvr, kvt, att, yr, B, T, C, H } = args;
  const D = C / H;
  const BTC = B * T * C;
  const TD = T * D;
  const TT = T * T;
  const scale = 1 / Math.sqrt(D);
  wasm.split_heads_bias(
    qkvr.byteOffset,
    kvt.byteOffset,
    qkv.byteOffset,
    bias.byteOffset,
    B,
    T,
    C,
    H,
  );
  for (let bh = 0; bh < B * H; bh++) {
    const q = qkvr.subarray(bh * TD, (bh + 1) * TD);
    const kt = kvt.subarray(bh * TD, (bh + 1) * TD);
    const a = att.subarray(bh * TT, (bh + 1) * TT);
    // scores = scale · Q · Kᵀ
    kernel.sgemm({ a: q, b: kt, c: a, m: T, n: T, k: D, alpha: scale, beta: 0 });
  }
  wasm.causal_softmax_forward(att.byteOffset, B * H, T);
  for (let bh = 0; bh < B * H; bh++) {
    const v = qkvr.subarray(2 * BTC + bh * TD, 2 * BTC + (bh + 1) * TD);
    const a = att.subarray(bh * TT, (bh + 1) * TT);
    kernel.sgemm({ a, b: v, c: yr.subarray(bh * TD, (bh + 1) * TD), m: T, n: D, k: T, beta: 0 });
  }
  wasm.merge_heads(out.byteOffset, yr.byteOffset, B, T, C, H);
}

export interface AttentionBackward {
  readonly kernel: MatmulKernel;
  readonly wasm: EngineExports;
  /** @param dqkv (B, T, 3C) written */
  readonly dqkv: Float32Array;
  /** @param dout (B, T, C) */
  readonly dout: Float32Array;
  /** @param qkvr (3, B, H, T, D) from the forward pass */
  readonly qkvr: Float32Array;
  /** @param kvt (2, B, H, D, T) from the forward pass */
  readonly kvt: Float32Array;
  /** @param att (B, H, T, T) from the forward pass */
  readonly att: Float32Array;
  /** @param dqkvr (3, B, H, T, D) scratch */
  readonly dqkvr: Float32Array;
  /** @param dyr (B, H, T, D) scratch */
  readonly dyr: Float32Array;
  /** @param datt (B, H, T, T) scratch */
  readonly datt: Float32Array;
  readonly B: number;
  readonly T: number;
  readonly C: number;
  readonly H: number;
}

export function attentionBackward(args: AttentionBackward): void {
  const { kernel, wasm, dqkv, dout, qkvr, kvt, att, dqkvr, dyr, datt, B, T, C, H } = args;
  const D = C / H;
  const BTC = B * T * C;
  const TD = T * D;
  const TT = T * T;
  const scale = 1 / Math.sqrt(D);
  wasm.split_heads(dyr.byteOffset, dout.byteOffset, B, T, C, H);
  for (let bh = 0; bh < B * H; bh++) {
    const vt = kvt.subarray(BTC + bh * TD, BTC + (bh + 1) * TD);
    const dv = dqkvr.subarray(2 * BTC + bh * TD, 2 * BTC + (bh + 1) * TD);
    const dy = dyr.subarray(bh * TD, (bh + 1) * TD);
    const a = att.subarray(bh * TT, (bh + 1) * TT);
    // dP = dY · Vᵀ ; dV = Pᵀ · dY
    kernel.sgemm({
      a: dy,
      b: vt,
      c: datt.subarray(bh * TT, (bh + 1) * TT),
      m: T,
      n: T,
      k: D,
      beta: 0,
    });
    kernel.sgemm({ a, b: dy, c: dv, m: T, n: D, k: T, transA: true, beta: 0 });
  }
  wasm.causal_softmax_backward(datt.byteOffset, att.byteOffset, B * H, T);
  for (let bh = 0; bh < B * H; bh++) {
    const q = qkvr.subarray(bh * TD, (bh + 1) * TD);
    const k = qkvr.subarray(BTC + bh * TD, BTC + (bh + 1) * TD);
    const dq = dqkvr.subarray(bh * TD, (bh + 1) * TD);
    const dk = dqkvr.subarray(BTC + bh * TD, BTC + (bh + 1) * TD);
    const dS = datt.subarray(bh * TT, (bh + 1) * TT);
    // scores = scale · Q · Kᵀ  ⇒  dQ = scale · dS · K ; dK = scale · dSᵀ · Q
    kernel.sgemm({ a: dS, b: k, c: dq, m: T, n: D, k: T, alpha: scale, beta: 0 });
    kernel.sgemm({ a: dS, b: q, c: dk, m: T, n: D, k: T, transA: true, alpha: scale, beta: 0 });
  }
  wasm.merge_heads_qkv(dqkv.byteOffset, dqkvr.byteOffset, B, T, C, H);
}
