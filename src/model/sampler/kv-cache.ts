import type { Arena } from "../arena.js";
import type { ModelConfig } from "../model-config.js";

/**
 * Keys and values of every layer for S slots of up to `ctx` positions each: what lets generation
 * feed one token per step instead of the whole prefix, and lets a sequence start from another's
 * prefix (a prompt shared by a group of samples, an earlier turn of the same conversation)
 * instead of computing it again.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab; H = heads, D = C / H.
 */
export class KvCache {
  /** Slots the cache holds. */
  readonly S: number;
  /** Positions per slot (the model's context length). */
  readonly L: number;
  /** Per layer, (S, H, D, L): keys are kept transposed (see ../wasm/cached_attention.c). */
  readonly k: readonly Float32Array[];
  /** Per layer, (S, H, L, D). */
  readonly v: readonly Float32Array[];
  /** Per layer, (S, L, C): keys before smearing, when the model smears them (else empty). */
  readonly kraw: readonly Float32Array[];
  /** (S, L, C) the copy head's keys, when the model has one (else empty). */
  readonly copyKeys: Float32Array;
  /**
   * (S, L, C) with `copyKeyNext`, each position's own part of its copy key, z_j·Wk (else empty):
   * `copyKeys` adds z_{j+1}·Wkn once position j + 1 is fed, and a position fed again (a slot
   * continued from a shorter prefix) rewrites its predecessor's key from this part.
   */
  readonly copyKeysBase: Float32Array;
  /** (S, L) the id fed at each position, when the model has a copy head (else empty). */
  readonly tokens: Int32Array;
  /** (S, L) with `copyGatePointed`, what the copy gate reads of each position (else empty). */
  readonly copyPointed: Float32Array;
  private readonly H: number;
  private readonly D: number;

  constructor(config: ModelConfig, S: number, arena: Arena) {
    this.S = S;
    this.L = config.ctx;
    this.H = config.nHead;
    this.D = config.dModel / config.nHead;
    const size = S * config.ctx * config.dModel;
    this.k = Array.from({ length: config.nLayer }, () => arena.f32(size));
    this.v = Array.from({ length: config.nLayer }, () => arena.f32(size));
    const rawSize = config.smearKeys === true ? size : 0;
    this.kraw = Array.from({ length: config.nLayer }, () => arena.f32(rawSize));
    const copy = config.copyHead === true ? 1 : 0;
    this.copyKeys = arena.f32(copy * size);
    this.copyKeysBase = arena.f32(config.copyKeyNext === true ? size : 0);
    this.tokens = new Int32Array(copy * S * config.ctx);
    this.copyPointed = new Float32Array(config.copyGatePointed === true ? S * config.ctx : 0);
  }

  /** Copies positions [0, n) of slot `from` into slot `to`, every layer. */
  copyPrefix(from: number, to: number, n: number): void {
    const { L, H, D } = this;
    if (from === to || n === 0) return;
    for (let l = 0; l < this.k.length; l++) {
      const k = this.k[l];
      const v = this.v[l];
      for (let h = 0; h < H; h++) {
        const src = (from * H + h) * D * L;
        const dst = (to * H + h) * D * L;
        for (let i = 0; i < D; i++) k.copyWithin(dst + i * L, src + i * L, src + i * L + n);
        v.copyWithin(dst, src, src + n * D);
      }
      const kraw = this.kraw[l];
      if (kraw.length > 0) {
        const C = H * D;
        kraw.copyWithin(to * L * C, from * L * C, (from * L + n) * C);
      }
    }
    if (this.tokens.length > 0) {
      const C = H * D;
      this.copyKeys.copyWithin(to * L * C, from * L * C, (from * L + n) * C);
      if (this.copyKeysBase.length > 0) {
        this.copyKeysBase.copyWithin(to * L * C, from * L * C, (from * L + n) * C);
      }
      this.tokens.copyWithin(to * L, from * L, from * L + n);
      this.copyPointed.copyWithin(to * L, from * L, from * L + n);
    }
  }
}
