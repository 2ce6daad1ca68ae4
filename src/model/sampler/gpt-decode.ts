import type { Arena } from "../arena.js";
import type { GptTensors } from "../gpt-tensors.js";
import type { MatmulKernel } from "../kernels/kernel.js";
import { cachedAttentionForward } from "../layers/cached-attention.js";
import { embeddingRows } from "../layers/embedding.js";
import { geluBiasForward } from "../layers/gelu.js";
import { layernormForward } from "../layers/layernorm.js";
import { linearForward } from "../layers/linear.js";
import type { ModelConfig } from "../model-config.js";
import type { KvCache } from "./kv-cache.js";

/**
 * Scratch for decoding up to S rows at a time, in the model's arena; allocated once per
 * sampler (and batch size), never per token.
 * Shapes: B = batch, T = time, C = channels, V = vocab; S = rows.
 */
export class DecodeBuffers {
  /** (S, C) residual stream */
  readonly x: Float32Array;
  /** (S, C) */
  readonly ln: Float32Array;
  /** (S, 3C) */
  readonly qkv: Float32Array;
  /** (S, C) */
  readonly atty: Float32Array;
  /** (S, 4C) */
  readonly fch: Float32Array;
  /** (S, 4C) */
  readonly fcg: Float32Array;
  /** (S, 4C) the GELU's tanh term, unused at inference but kept apart: aliasing it with fch
   * would send the kernel down its scalar path */
  readonly fct: Float32Array;
  /** (S, V) */
  readonly logits: Float32Array;
  /** (S) */
  readonly mean: Float32Array;
  /** (S) */
  readonly rstd: Float32Array;
  /** (ctx) */
  readonly scores: Float32Array;
  /** (S) the token each row feeds */
  readonly tokens: Int32Array;
  /** (S) the cached sequence each row continues */
  readonly seqs: Int32Array;
  /** (S) each row's position */
  readonly positions: Int32Array;

  constructor(config: ModelConfig, S: number, arena: Arena) {
    const { dModel: C, vocabSize: V, ctx } = config;
    this.x = arena.f32(S * C);
    this.ln = arena.f32(S * C);
    this.qkv = arena.f32(S * 3 * C);
    this.atty = arena.f32(S * C);
    this.fch = arena.f32(S * 4 * C);
    this.fcg = arena.f32(S * 4 * C);
    this.fct = arena.f32(S * 4 * C);
    this.logits = arena.f32(S * V);
    this.mean = arena.f32(S);
    this.rstd = arena.f32(S);
    this.scores = arena.f32(ctx);
    this.tokens = arena.i32(S);
    this.seqs = arena.i32(S);
    this.positions = arena.i32(S);
  }
}

export interface GptDecode {
  readonly kernel: MatmulKernel;
  readonly arena: Arena;
  readonly config: ModelConfig;
  readonly params: GptTensors;
  readonly cache: KvCache;
  /** Holds the R rows' tokens, sequences and positions; gets their logits. */
  readonly bufs: DecodeBuffers;
  readonly R: number;
}

/**
 * One generation step: feeds R tokens (`bufs.tokens`, one per unfinished sequence, each at its
 * own position), appends their keys and values to the cache and leaves the next-token logits
 * in `bufs.logits` (R, V).
 */
export function gptDecode({ kernel, arena, config, params, cache, bufs, R }: GptDecode): void {
  const { dModel: C, nHead: H, vocabSize: V } = config;
  const { wasm } = arena;
  const rows = (a: Float32Array, width: number): Float32Array => a.subarray(0, R * width);
  const x = rows(bufs.x, C);
  const ln = rows(bufs.ln, C);
  const { mean, rstd } = bufs;
  embeddingRows({
    wasm,
    out: x,
    tokens: bufs.tokens,
    positions: bufs.positions,
    wte: params.wte,
    wpe: params.wpe,
    R,
    C,
  });
  for (let l = 0; l < config.nLayer; l++) {
    const w = params.blocks[l];
    layernormForward({ wasm, out: ln, mean, rstd, inp: x, weight: w.ln1w, bias: w.ln1b, N: R, C });
    const qkv = rows(bufs.qkv, 3 * C);
    linearForward({
      kernel,
      wasm,
      out: qkv,
      inp: ln,
      weight: w.qkvw,
      bias: w.qkvb,
      N: R,
      I: C,
      O: 3 * C,
    });
    const atty = rows(bufs.atty, C);
    cachedAttentionForward({
      wasm,
      out: atty,
      qkv,
      kCache: cache.k[l],
      vCache: cache.v[l],
      seqs: bufs.seqs,
      positions: bufs.positions,
      scores: bufs.scores,
      R,
      C,
      H,
      L: cache.L,
    });
    linearForward({
      kernel,
      wasm,
      out: x,
      inp: atty,
      weight: w.projw,
      bias: w.projb,
      residual: x,
      N: R,
      I: C,
      O: C,
    });
    layernormForward({ wasm, out: ln, mean, rstd, inp: x, weight: w.ln2w, bias: w.ln2b, N: R, C });
    const fch = rows(bufs.fch, 4 * C);
    const fcg = rows(bufs.fcg, 4 * C);
    linearForward({ kernel, wasm, out: fch, inp: ln, weight: w.fcw, N: R, I: C, O: 4 * C });
    geluBiasForward({
      wasm,
      pre: fch,
      tanh: rows(bufs.fct, 4 * C),
      out: fcg,
      bias: w.fcb,
      N: R,
      O: 4 * C,
    });
    linearForward({
      kernel,
      wasm,
      out: x,
      inp: fcg,
      weight: w.outw,
      bias: w.outb,
      residual: x,
      N: R,
      I: 4 * C,
      O: C,
    });
  }
  layernormForward({
    wasm,
    out: ln,
    mean,
    rstd,
    inp: x,
    weight: params.lnfw,
    bias: params.lnfb,
    N: R,
    C,
  });
  kernel.sgemm({
    a: ln,
    b: params.wte,
    c: rows(bufs.logits, V),
    m: R,
    n: V,
    k: C,
    transB: true,
    beta: 0,
  });
}
