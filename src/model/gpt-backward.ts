import type { ActivationViews } from "./gpt-activations.js";
import type { GptTensors } from "./gpt-tensors.js";
import type { MatmulKernel } from "./kernels/kernel.js";
import { attentionBackward } from "./layers/attention.js";
import { embeddingBackward } from "./layers/embedding.js";
import { geluBackward } from "./layers/gelu.js";
import { layernormBackward } from "./layers/layernorm.js";
import { linearBackward } from "./layers/linear.js";
import { smearKeysBackward } from "./layers/smear-keys.js";
import type { ModelConfig } from "./model-config.js";
import type { EngineExports } from "./wasm/engine-wasm.js";

/**
 * The GPT's backward pass from ∂loss/∂logits (already in `acts.dlogits`) to every parameter
 * gradient, accumulated (+=) into `grads`.
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab.
 */
export interface GptBackward {
  readonly kernel: MatmulKernel;
  readonly wasm: EngineExports;
  readonly config: ModelConfig;
  readonly params: GptTensors;
  readonly grads: GptTensors;
  /** views filled by `gptForward` for the same (B, T), plus `dlogits` */
  readonly acts: ActivationViews;
}

export function gptBackward({ kernel, wasm, config, params, grads, acts }: GptBackward): void {
  const { B, T, dres, dln, dfc } = acts;
  const { dModel: C, nHead: H, vocabSize: V, nLayer: L } = config;
  const N = B * T;
  // Tied head: dlnf = dlogits · wte ; dwte += dlogitsᵀ · lnf
  kernel.sgemm({ a: acts.dlogits, b: params.wte, c: dln, m: N, n: C, k: V, beta: 0 });
  // The copy head reads the same final states: its gradient (copyHeadBackward's) adds here.
  if (config.copyHead === true) for (let i = 0; i < N * C; i++) dln[i] += acts.copyDz[i];
  kernel.sgemm({
    a: acts.dlogits,
    b: acts.lnf,
    c: grads.wte,
    m: V,
    n: C,
    k: N,
    transA: true,
    beta: 1,
  });
  dres.fill(0);
  layernormBackward({
    wasm,
    dinp: dres,
    dweight: grads.lnfw,
    dbias: grads.lnfb,
    dout: dln,
    inp: L > 0 ? acts.layers[L - 1].res3 : acts.encoded,
    weight: params.lnfw,
    mean: acts.lnfMean,
    rstd: acts.lnfRstd,
    N,
    C,
  });
  for (let l = L - 1; l >= 0; l--) {
    const w = params.blocks[l];
    const g = grads.blocks[l];
    const a = acts.layers[l];
    const res = l === 0 ? acts.encoded : acts.layers[l - 1].res3;
    // MLP. dres is ∂/∂res3 and, through the residual, already the part of ∂/∂res2 that skips it.
    const shared = { kernel, wasm, N };
    linearBackward({
      ...shared,
      dinp: dfc,
      dweight: g.outw,
      dbias: g.outb,
      dout: dres,
      inp: a.fcg,
      weight: w.outw,
      I: 4 * C,
      O: C,
    });
    geluBackward({ wasm, dinp: dfc, dout: dfc, inp: a.fch, tanh: a.fct, M: N * 4 * C });
    linearBackward({
      ...shared,
      dinp: dln,
      dweight: g.fcw,
      dbias: g.fcb,
      dout: dfc,
      inp: a.ln2,
      weight: w.fcw,
      I: C,
      O: 4 * C,
    });
    layernormBackward({
      wasm,
      dinp: dres,
      dweight: g.ln2w,
      dbias: g.ln2b,
      dout: dln,
      inp: a.res2,
      weight: w.ln2w,
      mean: a.ln2Mean,
      rstd: a.ln2Rstd,
      N,
      C,
    });
    // Attention: res2 = res + attn(ln1(res)) · Wproj + bproj
    linearBackward({
      ...shared,
      dinp: dln,
      dweight: g.projw,
      dbias: g.projb,
      dout: dres,
      inp: a.atty,
      weight: w.projw,
      I: C,
      O: C,
    });
    const dqkv = acts.qkv; // the forward's c_attn output is dead by now: reuse it
    attentionBackward({
      kernel,
      wasm,
      dqkv,
      dout: dln,
      qkvr: a.qkvr,
      kvt: a.kvt,
      att: a.att,
      dqkvr: acts.dqkvr,
      dyr: acts.yr,
      datt: acts.datt,
      B,
      T,
      C,
      H,
    });
    if (config.smearKeys === true) {
      smearKeysBackward({ dqkv, kraw: a.kraw, smear: w.smear, dsmear: g.smear, B, T, C, H });
    }
    linearBackward({
      ...shared,
      dinp: dln,
      dweight: g.qkvw,
      dbias: g.qkvb,
      dout: dqkv,
      inp: a.ln1,
      weight: w.qkvw,
      I: C,
      O: 3 * C,
    });
    layernormBackward({
      wasm,
      dinp: dres,
      dweight: g.ln1w,
      dbias: g.ln1b,
      dout: dln,
      inp: res,
      weight: w.ln1w,
      mean: a.ln1Mean,
      rstd: a.ln1Rstd,
      N,
      C,
    });
  }
  embeddingBackward({
    wasm,
    dwte: grads.wte,
    dwpe: grads.wpe,
    dout: dres,
    tokens: acts.tokens,
    B,
    T,
    C,
  });
}
