import type { EngineExports } from "../wasm/engine-wasm.js";

/**
 * Token + position embedding, the first layer of the GPT (kernels in ../wasm/embedding.c).
 * Every array is a view of the model's arena.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab.
 */

export interface EmbeddingForward {
  readonly wasm: EngineExports;
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
export function embeddingForward({ wasm, out, tokens, wte, wpe, B, T, C }: EmbeddingForward): void {
  wasm.embedding_forward(
    out.byteOffset,
    tokens.byteOffset,
    wte.byteOffset,
    wpe.byteOffset,
    B,
    T,
    C,
  );
}

export interface EmbeddingBackward {
  readonly wasm: EngineExports;
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

/** dwte[tokens[b, t]] += dout[b, t]; dwpe[t] += dout[b, t] */
export function embeddingBackward({
  wasm,
  dwte,
  dwpe,
  dout,
  tokens,
  B,
  T,
  C,
}: EmbeddingBackward): void {
  wasm.embedding_backward(
    dwte.byteOffset,
    dwpe.byteOffset,
    dout.byteOffset,
    tokens.byteOffset,
    B,
    T,
    C,
  );
}

export interface EmbeddingRows {
  readonly wasm: EngineExports;
  /** @param out (R, C) written */
  readonly out: Float32Array;
  /** @param tokens (R) */
  readonly tokens: Int32Array;
  /** @param positions (R) each row's position */
  readonly positions: Int32Array;
  /** @param wte (V, C) */
  readonly wte: Float32Array;
  /** @param wpe (ctx, C) */
  readonly wpe: Float32Array;
  readonly R: number;
  readonly C: number;
}

/** Decode step, inference only: out[r] = wte[tokens[r]] + wpe[positions[r]] */
export function embeddingRows({
  wasm,
  out,
  tokens,
  positions,
  wte,
  wpe,
  R,
  C,
}: EmbeddingRows): void {
  wasm.embedding_rows(
    out.byteOffset,
    tokens.byteOffset,
    positions.byteOffset,
    wte.byteOffset,
    wpe.byteOffset,
    R,
    C,
  );
}
