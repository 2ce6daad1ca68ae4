import type { Arena } from "../arena.js";
import type { GptTensors } from "../gpt-tensors.js";
import type { MatmulKernel } from "../kernels/kernel.js";
import { cachedAttentionForward } from "../layers/cached-attention.js";
import { copyHeadDecode } from "../layers/copy-head.js";
import { embeddingRows } from "../layers/embedding.js";
import { geluBiasForward } from "../layers/gelu.js";
import { layernormForward } from "../layers/layernorm.js";
import { linearForward } from "../layers/linear.js";
import { smearKeysDecode } from "../layers/smear-keys.js";
import type { ModelConfig } from "../model-config.js";
import type { KvCache } from "./kv-cache.js";

/**
 * Scratch for feeding up to `rows` tokens a step (one per decoding sequence, or a run of prompt
 * tokens per prefilling one) with logits for up to `logitRows` of them, in the model's arena;
 * allocated once per engine, never per token.
 * Shapes: B = batch, T = time, C = channels, V = vocab; R = rows fed this step.
 */
export class DecodeBuffers {
  /** Rows one step may feed. */
  readonly rows: number;
  /** Rows one step may want logits of. */
  readonly logitRows: number;
  /** (R, C) residual stream */
  readonly x: Float32Array;
  /** (R, C) */
  readonly ln: Float32Array;
  /** (R, 3C) */
  readonly qkv: Float32Array;
  /** (R, C) */
  readonly atty: Float32Array;
  /** (R, 4C) */
  readonly fch: Float32Array;
  /** (R, 4C) */
  readonly fcg: Float32Array;
  /** (R, 4C) the GELU's tanh term, unused at inference but kept apart: aliasing it with fch
   * would send the kernel down its scalar path */
  readonly fct: Float32Array;
  /** (R) */
  readonly mean: Float32Array;
  /** (R) */
  readonly rstd: Float32Array;
  /** (ctx) */
  readonly scores: Float32Array;
  /** (R) the token each row feeds */
  readonly tokens: Int32Array;
  /** (R) the cache slot each row extends */
  readonly seqs: Int32Array;
  /** (R) each row's position */
  readonly positions: Int32Array;
  /** (logitRows) which rows want logits, in increasing order */
  readonly logitIndex: Int32Array;
  /** (logitRows, C) those rows' residual stream, gathered */
  readonly xl: Float32Array;
  /** (logitRows, C) */
  readonly lnl: Float32Array;
  /** (logitRows, V) their next-token logits */
  readonly logits: Float32Array;
  /** (rows, C) the copy head's keys of the rows fed (empty without a copy head) */
  readonly copyKeys: Float32Array;
  /** (rows, C) with `copyKeyNext`, z·Wkn of the rows fed (else empty) */
  readonly copyKeysNext: Float32Array;
  /** (logitRows, C) the copy head's queries of the rows wanting logits (likewise) */
  readonly copyQueries: Float32Array;
  /** (ctx) the copy head's attention scores of one row */
  readonly copyScores: Float64Array;

  constructor(config: ModelConfig, rows: number, logitRows: number, arena: Arena) {
    const { dModel: C, vocabSize: V, ctx } = config;
    this.rows = rows;
    this.logitRows = logitRows;
    this.x = arena.f32(rows * C);
    this.ln = arena.f32(rows * C);
    this.qkv = arena.f32(rows * 3 * C);
    this.atty = arena.f32(rows * C);
    this.fch = arena.f32(rows * 4 * C);
    this.fcg = arena.f32(rows * 4 * C);
    this.fct = arena.f32(rows * 4 * C);
    this.mean = arena.f32(rows);
    this.rstd = arena.f32(rows);
    this.scores = arena.f32(ctx);
    this.tokens = arena.i32(rows);
    this.seqs = arena.i32(rows);
    this.positions = arena.i32(rows);
    this.logitIndex = arena.i32(logitRows);
    this.xl = arena.f32(logitRows * C);
    this.lnl = arena.f32(logitRows * C);
    this.logits = arena.f32(logitRows * V);
    const copy = config.copyHead === true ? 1 : 0;
    this.copyKeys = arena.f32(copy * rows * C);
    this.copyKeysNext = arena.f32(config.copyKeyNext === true ? rows * C : 0);
    this.copyQueries = arena.f32(copy * logitRows * C);
    this.copyScores = new Float64Array(copy * ctx);
  }
}

export interface GptDecode {
  readonly kernel: MatmulKernel;
  readonly arena: Arena;
  readonly config: ModelConfig;
  readonly params: GptTensors;
  readonly cache: KvCache;
  /** Holds the R rows' tokens, slots and positions, and which rows want logits; gets them. */
  readonly bufs: DecodeBuffers;
  readonly R: number;
  /** Rows wanting logits: `bufs.logitIndex[0 … nLogits)`. */
  readonly nLogits: number;
}

/**
 * One generation step: feeds R tokens (`bufs.tokens`, each into cache slot `bufs.seqs[r]` at
 * position `bufs.positions[r]`), writes their keys and values into the cache and leaves the
 * next-token logits of the rows `bufs.logitIndex` lists in `bufs.logits` (nLogits, V).
 *
 * Several rows may extend one slot — a run of prompt tokens, prefilled in one step — if they
 * come in increasing positions: each row's key and value are written before it attends
 * (../wasm/cached_attention.c), so a row sees the rows before it.
 */
export function gptDecode({
  kernel,
  arena,
  config,
  params,
  cache,
  bufs,
  R,
  nLogits,
}: GptDecode): void {
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
    if (config.smearKeys === true) {
      const { seqs, positions } = bufs;
      smearKeysDecode({
        qkv,
        kraw: cache.kraw[l],
        smear: w.smear,
        seqs,
        positions,
        R,
        C,
        H,
        L: cache.L,
      });
    }
    const atty = rows(bufs.atty, C);
    cachedAttentionForward({
      kernel,
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
  if (config.copyHead === true) {
    copyHeadStep({ kernel, wasm, config, params, cache, bufs, x, z: ln, R, nLogits });
    return;
  }
  // The final LayerNorm and the head only for the rows that want logits (the last prompt
  // token of a prefill, every decoding row): gathered unless that is every row.
  if (nLogits === 0) return;
  let xl = x;
  if (nLogits < R) {
    xl = bufs.xl.subarray(0, nLogits * C);
    for (let i = 0; i < nLogits; i++) {
      const r = bufs.logitIndex[i];
      xl.set(x.subarray(r * C, (r + 1) * C), i * C);
    }
  }
  const lnl = bufs.lnl.subarray(0, nLogits * C);
  layernormForward({
    wasm,
    out: lnl,
    mean,
    rstd,
    inp: xl,
    weight: params.lnfw,
    bias: params.lnfb,
    N: nLogits,
    C,
  });
  kernel.sgemm({
    a: lnl,
    b: params.wte,
    c: bufs.logits.subarray(0, nLogits * V),
    m: nLogits,
    n: V,
    k: C,
    transB: true,
    beta: 0,
  });
}

/**
 * The end of a decode step for a model with a copy head: the final LayerNorm of every row (each
 * row's copy key goes into its slot's cache, wanted or not), then the head and the copy head's
 * mixture for the rows that want logits.
 */
function copyHeadStep(args: {
  kernel: MatmulKernel;
  wasm: Arena["wasm"];
  config: ModelConfig;
  params: GptTensors;
  cache: KvCache;
  bufs: DecodeBuffers;
  x: Float32Array;
  z: Float32Array;
  R: number;
  nLogits: number;
}): void {
  const { kernel, wasm, config, params, cache, bufs, x, z, R, nLogits } = args;
  const { dModel: C, vocabSize: V } = config;
  layernormForward({
    wasm,
    out: z,
    mean: bufs.mean,
    rstd: bufs.rstd,
    inp: x,
    weight: params.lnfw,
    bias: params.lnfb,
    N: R,
    C,
  });
  const zl = bufs.lnl.subarray(0, nLogits * C);
  for (let i = 0; i < nLogits; i++) {
    const r = bufs.logitIndex[i];
    zl.set(z.subarray(r * C, (r + 1) * C), i * C);
  }
  const logits = bufs.logits.subarray(0, nLogits * V);
  if (nLogits > 0) {
    kernel.sgemm({
      a: zl,
      b: params.wte,
      c: logits,
      m: nLogits,
      n: V,
      k: C,
      transB: true,
      beta: 0,
    });
  }
  copyHeadDecode({
    kernel,
    params,
    z,
    keys: bufs.copyKeys.subarray(0, R * C),
    keyCache: cache.copyKeys,
    nextKeys: bufs.copyKeysNext.subarray(0, R * C),
    baseCache: cache.copyKeysBase,
    tokenCache: cache.tokens,
    pointedCache: cache.copyPointed,
    tokens: bufs.tokens,
    seqs: bufs.seqs,
    positions: bufs.positions,
    logitIndex: bufs.logitIndex,
    zl,
    queries: bufs.copyQueries.subarray(0, nLogits * C),
    logits,
    scores: bufs.copyScores,
    R,
    nLogits,
    C,
    V,
    L: cache.L,
  });
}
