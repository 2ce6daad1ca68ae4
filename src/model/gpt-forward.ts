import type { ActivationViews } from "./gpt-activations.js";
import type { GptTensors } from "./gpt-tensors.js";
import type { MatmulKernel } from "./kernels/kernel.js";
import { attentionForward } from "./layers/attention.js";
import { embeddingForward } from "./layers/embedding.js";
import { geluForward } from "./layers/gelu.js";
import { layernormForward } from "./layers/layernorm.js";
import { linearForward } from "./layers/linear.js";
import type { ModelConfig } from "./model-config.js";

/**
 * The GPT's forward pass from token ids to logits, keeping every activation the backward pass
 * needs in `acts`.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab.
 */
export interface GptForward {
  readonly kernel: MatmulKernel;
  readonly config: ModelConfig;
  readonly params: GptTensors;
  /** views for (B, T), filled */
  readonly acts: ActivationViews;
  /** @param tokens (B, T) */
  readonly tokens: Int32Array;
}

export function gptForward({ kernel, config, params, acts, tokens }: GptForward): void {
  const { B, T } = acts;
  const { dModel: C, nHead: H, vocabSize: V } = config;
  const N = B * T;
  embeddingForward({ out: acts.encoded, tokens, wte: params.wte, wpe: params.wpe, B, T, C });
  let res = acts.encoded;
  for (let l = 0; l < config.nLayer; l++) {
    const w = params.blocks[l];
    const a = acts.layers[l];
    layernormForward({
      out: a.ln1,
      mean: a.ln1Mean,
      rstd: a.ln1Rstd,
      inp: res,
      weight: w.ln1w,
      bias: w.ln1b,
      N,
      C,
    });
    linearForward({
      kernel,
      out: acts.qkv,
      inp: a.ln1,
      weight: w.qkvw,
      bias: w.qkvb,
      N,
      I: C,
      O: 3 * C,
    });
    attentionForward({
      kernel,
      out: a.atty,
      qkv: acts.qkv,
      qkvr: a.qkvr,
      att: a.att,
      yr: acts.yr,
      B,
      T,
      C,
      H,
    });
    linearForward({
      kernel,
      out: a.res2,
      inp: a.atty,
      weight: w.projw,
      bias: w.projb,
      residual: res,
      N,
      I: C,
      O: C,
    });
    layernormForward({
      out: a.ln2,
      mean: a.ln2Mean,
      rstd: a.ln2Rstd,
      inp: a.res2,
      weight: w.ln2w,
      bias: w.ln2b,
      N,
      C,
    });
    linearForward({
      kernel,
      out: a.fch,
      inp: a.ln2,
      weight: w.fcw,
      bias: w.fcb,
      N,
      I: C,
      O: 4 * C,
    });
    geluForward({ out: a.fcg, tanh: a.fct, inp: a.fch, M: N * 4 * C });
    linearForward({
      kernel,
      out: a.res3,
      inp: a.fcg,
      weight: w.outw,
      bias: w.outb,
      residual: a.res2,
      N,
      I: 4 * C,
      O: C,
    });
    res = a.res3;
  }
  layernormForward({
    out: acts.lnf,
    mean: acts.lnfMean,
    rstd: acts.lnfRstd,
    inp: res,
    weight: params.lnfw,
    bias: params.lnfb,
    N,
    C,
  });
  // Tied head: logits = lnf · wteᵀ
  kernel.sgemm({
    a: acts.lnf,
    b: params.wte,
    c: acts.logits,
    m: N,
    n: V,
    k: C,
    transB: true,
    beta: 0,
  });
}
