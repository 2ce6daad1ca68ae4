import type { Arena } from "../arena.js";
import type { ModelConfig } from "../model-config.js";

/**
 * Keys and values of every layer for S sequences of up to `ctx` positions: what lets generation
 * feed one token per step instead of the whole prefix.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; H = heads, D = C / H.
 */
export class KvCache {
  /** Sequences the cache holds. */
  readonly S: number;
  /** Positions per sequence (the model's context length). */
  readonly L: number;
  /** Per layer, (S, H, D, L): keys are kept transposed (see ../wasm/cached_attention.c). */
  readonly k: readonly Float32Array[];
  /** Per layer, (S, H, L, D). */
  readonly v: readonly Float32Array[];

  constructor(config: ModelConfig, S: number, arena: Arena) {
    this.S = S;
    this.L = config.ctx;
    const size = S * config.ctx * config.dModel;
    this.k = Array.from({ length: config.nLayer }, () => arena.f32(size));
    this.v = Array.from({ length: config.nLayer }, () => arena.f32(size));
  }

  /**
   * Copies the first T positions of keys and values from a full forward pass.
   * @param qkvr (3, B, H, T, D) one layer's q, k, v as `attentionForward` keeps them
   * @param kvt (2, B, H, D, T) the same layer's keys and values, transposed
   */
  storePrefix(
    layer: number,
    qkvr: Float32Array,
    kvt: Float32Array,
    B: number,
    T: number,
    C: number,
    H: number,
  ): void {
    const D = C / H;
    const BTC = B * T * C;
    const { L } = this;
    const k = this.k[layer];
    for (let bh = 0; bh < B * H; bh++) {
      const src = bh * T * D;
      const dst = bh * L * D;
      for (let i = 0; i < D; i++) k.set(kvt.subarray(src + i * T, src + (i + 1) * T), dst + i * L);
      this.v[layer].set(qkvr.subarray(2 * BTC + src, 2 * BTC + src + T * D), dst);
    }
  }
}
