import type { ActivationViews } from "./gpt-activations.js";
import type { GptTensors } from "./gpt-tensors.js";
import type { MatmulKernel } from "./kernels/kernel.js";
import { attentionForward } from "./layers/attention.js";
import { embeddingForward } from "./layers/embedding.js";
import { geluBiasForward } from "./layers/gelu.js";
import { layernormForward } from "./layers/layernorm.js";
import { linearForward } from "./layers/linear.js";
import { smearKeysForward } from "./layers/smear-keys.js";
import type { ModelConfig } from "./model-config.js";
import type { EngineExports } from "./wasm/engine-wasm.js";

/**
 * The GPT's forward pass from token ids (already in `acts.tokens`) to logits, keeping every
 * activation the backward pass needs in `acts`.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab.
 */
export interface GptForward {
  readonly kernel: MatmulKernel;
  readonly wasm: EngineExports;
  readonly config: ModelConfig;
  readonly params: GptTensors;
  /** views for (B, T), filled */
  readonly acts: ActivationViews;
}

export function gptForward({ kernel, wasm, config, params, acts }: GptForward): void {
  const { B, T } = acts;
  const { dModel: C, nHead: H, vocabSize: V } = config;
  const N = B * T;
  embeddingForward({
    wasm,
    out: acts.encoded,
    tokens: acts.tokens,
    wte: params.wte,
    wpe: params.wpe,
    B,
    T,
    C,
  });
  let res = acts.encoded;
  for (let l = 0; l < config.nLayer; l++) {
    const w = params.blocks[l];
    const a = acts.layers[l];
    // Attention: res2 = res + attn(ln1(res)) · Wproj + bproj (c_attn's bias is added by the split)
    layernormForward({
      wasm,
      out: a.ln1,
      mean: a.ln1Mean,
      rstd: a.ln1Rstd,
      inp: res,
      weight: w.ln1w,
      bias: w.ln1b,
      N,
      C,
    });
    linearForward({ kernel, wasm, out: acts.qkv, inp: a.ln1, weight: w.qkvw, N, I: C, O: 3 * C });
    if (config.smearKeys === true) {
      smearKeysForward({ qkv: acts.qkv, kraw: a.kraw, smear: w.smear, B, T, C, H });
    }
    attentionForward({
      kernel,
      wasm,
      out: a.atty,
      qkv: acts.qkv,
      bias: w.qkvb,
      qkvr: a.qkvr,
      kvt: a.kvt,
      att: a.att,
      yr: acts.yr,
      B,
      T,
      C,
      H,
    });
    linearForward({
      kernel,
      wasm,
      out: a.res2,
      inp: a.atty,
      weight: w.projw,
      bias: w.projb,
      residual: res,
      N,
      I: C,
      O: C,
    });
    // MLP: res3 = res2 + gelu(ln2(res2) · Wfc + bfc) · Wout + bout
    layernormForward({
      wasm,
      out: a.ln2,
      mean: a.ln2Mean,
      rstd: a.ln2Rstd,
      inp: a.res2,
      weight: w.ln2w,
      bias: w.ln2b,
      N,
      C,
    });
    linearForward({ kernel, wasm, out: a.fch, inp: a.ln2, weight: w.fcw, N, I: C, O: 4 * C });
    geluBiasForward({ wasm, pre: a.fch, tanh: a.fct, out: a.fcg, bias: w.fcb, N, O: 4 * C });
    linearForward({
      kernel,
      wasm,
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
    wasm,
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
