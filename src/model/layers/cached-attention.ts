import type { MatmulKernel } from "../kernels/kernel.js";
import type { EngineExports } from "../wasm/engine-wasm.js";

/**
 * Causal self-attention for one new token per sequence against a KV cache: the decode step of
 * generation (kernel in ../wasm/cached_attention.c). Inference only, so there is no backward:
 * training re-scores sampled tokens with the full `attention` layer, which is what makes its
 * gradients exact. Every array is a view of the model's arena.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; H = heads, D = C / H; R = rows decoded
 * this step (one per unfinished sequence), S = sequences in the cache, L = cache length.
 */

export interface CachedAttentionForward {
  /** Its `cachedAttention` runs the step where it has one (a native addon); else `wasm` does. */
  readonly kernel: MatmulKernel;
  readonly wasm: EngineExports;
  /** @param out (R, C) written: heads concatenated, before c_proj */
  readonly out: Float32Array;
  /** @param qkv (R, 3C) c_attn output of the new tokens, bias included */
  readonly qkv: Float32Array;
  /** @param kCache (S, H, D, L) keys, transposed; row r's new key is written at its position */
  readonly kCache: Float32Array;
  /** @param vCache (S, H, L, D) values, likewise */
  readonly vCache: Float32Array;
  /** @param seqs (R) which cached sequence each row continues */
  readonly seqs: Int32Array;
  /** @param positions (R) position of each row's new token (it attends to 0 … position) */
  readonly positions: Int32Array;
  /** @param scores (L) scratch */
  readonly scores: Float32Array;
  readonly R: number;
  readonly C: number;
  readonly H: number;
  readonly L: number;
}

export function cachedAttentionForward(args: CachedAttentionForward): void {
  const { kernel, wasm, out, qkv, kCache, vCache, seqs, positions, scores, R, C, H, L } = args;
  if (kernel.cachedAttention !== undefined) {
    kernel.cachedAttention({ out, qkv, kCache, vCache, seqs, positions, R, C, H, L });
    return;
  }
  wasm.cached_attention_forward(
    out.byteOffset,
    qkv.byteOffset,
    kCache.byteOffset,
    vCache.byteOffset,
    seqs.byteOffset,
    positions.byteOffset,
    scores.byteOffset,
    R,
    C,
    H,
    L,
  );
}
