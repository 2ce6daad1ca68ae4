/**
 * Token + position embedding, the first layer of the GPT.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab.
 */

export interface EmbeddingForward {
  /** @param out (B, T, C) written */
  readonly out: Float32Array;
  /** @param tokens (B, T) ids in [0, V) */
  readonly tokens: Int32Array;
  /** @param wte (V, C) */
  readonly wte: Float32Array;
  /** @param wpe (ctx, C) */
  readonly wpe: Float32Array;
  readonly B: number;
  readonly T: number;
  readonly C: number;
}

/** out[b, t] = wte[tokens[b, t]] + wpe[t] */
export function embeddingForward({ out, tokens, wte, wpe, B, T, C }: EmbeddingForward): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const o = (b * T + t) * C;
      const e = tokens[b * T + t] * C;
      const p = t * C;
      for (let c = 0; c < C; c++) out[o + c] = wte[e + c] + wpe[p + c];
    }
  }
}

export interface EmbeddingBackward {
  /** @param dwte (V, C) accumulated */
  readonly dwte: Float32Array;
  /** @param dwpe (ctx, C) accumulated */
  readonly dwpe: Float32Array;
  /** @param dout (B, T, C) */
  readonly dout: Float32Array;
  /** @param tokens (B, T) */
  readonly tokens: Int32Array;
  readonly B: number;
  readonly T: number;
  readonly C: number;
}

export function embeddingBackward({ dwte, dwpe, dout, tokens, B, T, C }: EmbeddingBackward): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const o = (b * T + t) * C;
      const e = tokens[b * T + t] * C;
      const p = t * C;
      for (let c = 0; c < C; c++) {
        const d = dout[o + c];
        dwte[e + c] += d;
        dwpe[p + c] += d;
      }
    }
  }
}
