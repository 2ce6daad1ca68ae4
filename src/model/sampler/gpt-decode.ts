import type { GptTensors } from "../gpt-tensors.js";
import type { MatmulKernel } from "../kernels/kernel.js";
import { cachedAttentionForward } from "../layers/cached-attention.js";
import { embeddingForward } from "../layers/embedding.js";
import { geluForward } from "../layers/gelu.js";
import { layernormForward } from "../layers/layernorm.js";
import { linearForward } from "../layers/linear.js";
import type { ModelConfig } from "../model-config.js";
import type { KvCache } from "./kv-cache.js";

/**
 * Scratch for decoding up to S rows at a time; allocated once per sampler, never per token.
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
  /** (S, V) */
  readonly logits: Float32Array;
  /** (S) */
  readonly mean: Float32Array;
  /** (S) */
  readonly rstd: Float32Array;
  /** (ctx) */
  readonly scores: Float64Array;
  /** (1) position-embedding scratch index */
  readonly one: Int32Array;

  constructor(config: ModelConfig, S: number) {
    const { dModel: C, vocabSize: V, ctx } = config;
    this.x = new Float32Array(S * C);
    this.ln = new Float32Array(S * C);
    this.qkv = new Float32Array(S * 3 * C);
    this.atty = new Float32Array(S * C);
    this.fch = new Float32Array(S * 4 * C);
    this.fcg = new Float32Array(S * 4 * C);
    this.logits = new Float32Array(S * V);
    this.mean = new Float32Array(S);
    this.rstd = new Float32Array(S);
    this.scores = new Float64Array(ctx);
    this.one = new Int32Array(1);
  }
}

export interface GptDecode {
  readonly kernel: MatmulKernel;
  readonly config: ModelConfig;
  readonly params: GptTensors;
  readonly cache: KvCache;
  readonly bufs: DecodeBuffers;
  /** @param tokens (R) the newest token of each row */
  readonly tokens: Int32Array;
  /** @param seqs (R) the cached sequence each row continues */
  readonly seqs: Int32Array;
  /** @param positions (R) the position of each row's token */
  readonly positions: Int32Array;
  readonly R: number;
}

/**
 * One generation step: feeds R tokens (one per unfinished sequence, each at its own position),
 * appends their keys and values to the cache and leaves the next-token logits in `bufs.logits`
 * (R, V).
 */
export function gptDecode({
  kernel,
  config,
  params,
  cache,
  bufs,
  tokens,
  seqs,
  positions,
  R,
}: GptDecode): void {
  const { dModel: C, nHead: H, vocabSize: V } = config;
  const { x, ln, qkv, atty, fch, fcg, mean, rstd } = bufs;
  for (let r = 0; r < R; r++) {
    // One row at a time: each row sits at its own position, so wpe is indexed per row.
    const row = x.subarray(r * C, (r + 1) * C);
    const wpe = params.wpe.subarray(positions[r] * C, (positions[r] + 1) * C);
    bufs.one[0] = tokens[r];
    embeddingForward({ out: row, tokens: bufs.one, wte: params.wte, wpe, B: 1, T: 1, C });
  }
  const xs = x.subarray(0, R * C);
  for (let l = 0; l < config.nLayer; l++) {
    const w = params.blocks[l];
    layernormForward({ out: ln, mean, rstd, inp: xs, weight: w.ln1w, bias: w.ln1b, N: R, C });
    linearForward({
      kernel,
      out: qkv.subarray(0, R * 3 * C),
      inp: ln.subarray(0, R * C),
      weight: w.qkvw,
      bias: w.qkvb,
      N: R,
      I: C,
      O: 3 * C,
    });
    cachedAttentionForward({
      out: atty,
      qkv,
      kCache: cache.k[l],
      vCache: cache.v[l],
      seqs,
      positions,
      scores: bufs.scores,
      R,
      C,
      H,
      L: cache.L,
    });
    linearForward({
      kernel,
      out: xs,
      inp: atty.subarray(0, R * C),
      weight: w.projw,
      bias: w.projb,
      residual: xs,
      N: R,
      I: C,
      O: C,
    });
    layernormForward({ out: ln, mean, rstd, inp: xs, weight: w.ln2w, bias: w.ln2b, N: R, C });
    linearForward({
      kernel,
      out: fch.subarray(0, R * 4 * C),
      inp: ln.subarray(0, R * C),
      weight: w.fcw,
      bias: w.fcb,
      N: R,
      I: C,
      O: 4 * C,
    });
    // The tanh term is not needed at inference: it overwrites fch, which nothing reads again.
    geluForward({ out: fcg, tanh: fch, inp: fch, M: R * 4 * C });
    linearForward({
      kernel,
      out: xs,
      inp: fcg.subarray(0, R * 4 * C),
      weight: w.outw,
      bias: w.outb,
      residual: xs,
      N: R,
      I: 4 * C,
      O: C,
    });
  }
  layernormForward({
    out: ln,
    mean,
    rstd,
    inp: xs,
    weight: params.lnfw,
    bias: params.lnfb,
    N: R,
    C,
  });
  kernel.sgemm({
    a: ln.subarray(0, R * C),
    b: params.wte,
    c: bufs.logits.subarray(0, R * V),
    m: R,
    n: V,
    k: C,
    transB: true,
    beta: 0,
  });
}
