import type { MatmulKernel } from "../kernels/kernel.js";
import { sgemmBatch } from "../kernels/sgemm-batch.js";
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
  const BH = B * H;
  // Per (batch, head): scores = scale · Q · Kᵀ, then Y = P · V, each as one batch of products.
  sgemmBatch(kernel, {
    a: qkvr,
    b: kvt,
    c: att,
    m: T,
    n: T,
    k: D,
    alpha: scale,
    beta: 0,
    count: BH,
    strideA: TD,
    strideB: TD,
    strideC: TT,
  });
  wasm.causal_softmax_forward(att.byteOffset, BH, T);
  sgemmBatch(kernel, {
    a: att,
    b: qkvr.subarray(2 * BTC),
    c: yr,
    m: T,
    n: D,
    k: T,
    beta: 0,
    count: BH,
    strideA: TT,
    strideB: TD,
    strideC: TD,
  });
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
  const BH = B * H;
  // dP = dY · Vᵀ ; dV = Pᵀ · dY
  sgemmBatch(kernel, {
    a: dyr,
    b: kvt.subarray(BTC),
    c: datt,
    m: T,
    n: T,
    k: D,
    count: BH,
    strideA: TD,
    strideB: TD,
    strideC: TT,
  });
  sgemmBatch(kernel, {
    a: att,
    b: dyr,
    c: dqkvr.subarray(2 * BTC),
    m: T,
    n: D,
    k: T,
    transA: true,
    count: BH,
    strideA: TT,
    strideB: TD,
    strideC: TD,
  });
  wasm.causal_softmax_backward(datt.byteOffset, att.byteOffset, BH, T);
  // scores = scale · Q · Kᵀ  ⇒  dQ = scale · dS · K ; dK = scale · dSᵀ · Q
  sgemmBatch(kernel, {
    a: datt,
    b: qkvr.subarray(BTC),
    c: dqkvr,
    m: T,
    n: D,
    k: T,
    alpha: scale,
    count: BH,
    strideA: TT,
    strideB: TD,
    strideC: TD,
  });
  sgemmBatch(kernel, {
    a: datt,
    b: qkvr,
    c: dqkvr.subarray(BTC),
    m: T,
    n: D,
    k: T,
    transA: true,
    alpha: scale,
    count: BH,
    strideA: TT,
    strideB: TD,
    strideC: TD,
  });
  wasm.merge_heads_qkv(dqkv.byteOffset, dqkvr.byteOffset, B, T, C, H);
}
