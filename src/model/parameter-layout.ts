import type { Gpt } from "./gpt.js";
import type { ModelConfig } from "./model-config.js";
import type { SeededRng } from "./seeded-rng.js";

/**
 * Where each parameter lives in the model's one flat Float32Array (and, at the same offsets, in
 * the gradient and optimizer-state arrays). One flat array keeps AdamW, gradient clipping and
 * zeroGrad single loops, and lets a checkpoint write views without copying.
 *
 * Names and shapes are Hugging Face GPT-2's, in its order. Like HF's Conv1D, linear weights are
 * stored (in, out), so `y = x · W + b` needs no transpose and a checkpoint needs no reshuffling.
 */
export interface ParameterSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
  /** AdamW weight decay applies (GPT-2/nanoGPT: every 2-D weight, embeddings included). */
  readonly decay: boolean;
}

export function parameterLayout(config: ModelConfig): ParameterSpec[] {
  const { vocabSize: V, ctx, dModel: C, nLayer, nHead: H } = config;
  const specs: ParameterSpec[] = [];
  let offset = 0;
  const add = (name: string, shape: number[]): void => {
    const size = shape.reduce((a, b) => a * b, 1);
    specs.push({ name, shape, offset, size, decay: shape.length >= 2 });
    offset += size;
  };
  add("wte.weight", [V, C]);
  add("wpe.weight", [ctx, C]);
  for (let i = 0; i < nLayer; i++) {
    add(`h.${i}.ln_1.weight`, [C]);
    add(`h.${i}.ln_1.bias`, [C]);
    add(`h.${i}.attn.c_attn.weight`, [C, 3 * C]);
    add(`h.${i}.attn.c_attn.bias`, [3 * C]);
    add(`h.${i}.attn.c_proj.weight`, [C, C]);
    add(`h.${i}.attn.c_proj.bias`, [C]);
    if (config.smearKeys === true) add(`h.${i}.attn.smear`, [H]);
    add(`h.${i}.ln_2.weight`, [C]);
    add(`h.${i}.ln_2.bias`, [C]);
    add(`h.${i}.mlp.c_fc.weight`, [C, 4 * C]);
    add(`h.${i}.mlp.c_fc.bias`, [4 * C]);
    add(`h.${i}.mlp.c_proj.weight`, [4 * C, C]);
    add(`h.${i}.mlp.c_proj.bias`, [C]);
  }
  add("ln_f.weight", [C]);
  add("ln_f.bias", [C]);
  if (config.copyHead === true) {
    add("copy.q.weight", [C, C]);
    add("copy.k.weight", [C, C]);
    add("copy.gate.weight", [C]);
    add("copy.gate.bias", [1]);
    if (config.copyKeyNext === true) add("copy.kn.weight", [C, C]);
    // ".bias": initialized to 0 (no bias until trained) and not decayed, like the other biases.
    if ((config.copyMatch ?? 0) > 0) add("copy.match.bias", [config.copyMatch ?? 0]);
    if (config.copyGatePointed === true) add("copy.gate.pointed.weight", [C]);
  }
  return specs;
}

/** Total number of floats in the flat parameter array. */
export function parameterCount(config: ModelConfig): number {
  const specs = parameterLayout(config);
  const last = specs[specs.length - 1];
  return last.offset + last.size;
}

/**
 * GPT-2 initialization, as nanoGPT does it: every weight matrix and both embeddings ~ N(0, 0.02),
 * biases 0 (and smeared keys' gates, g = ½), LayerNorm gains 1; the two projections that write into the residual stream
 * (attn.c_proj, mlp.c_proj) scaled by 1/sqrt(2·nLayer) so the stream's variance does not grow
 * with depth (GPT-2 paper §2.3).
 *
 * Parameters are drawn in layout order from `rng`, so the same seed gives bit-identical weights.
 */
export function initGpt2(params: Float32Array, config: ModelConfig, rng: SeededRng): void {
  const projStd = 0.02 / Math.sqrt(2 * config.nLayer);
  for (const spec of parameterLayout(config)) {
    const view = params.subarray(spec.offset, spec.offset + spec.size);
    if (spec.name.endsWith(".bias") || spec.name.endsWith(".smear")) {
      view.fill(0);
    } else if (/ln_\w+\.weight$/.test(spec.name)) {
      view.fill(1);
    } else {
      const std = spec.name.endsWith("c_proj.weight") ? projStd : 0.02;
      for (let i = 0; i < view.length; i++) view[i] = rng.nextNormal() * std;
    }
  }
}

export interface NamedTensor {
  readonly dtype: "F32";
  readonly shape: number[];
  /** A view of the model's parameters (not a copy): writing it changes the model. */
  readonly data: Float32Array;
}

/**
 * The model's parameters under their Hugging Face GPT-2 names (`wte.weight`, `h.0.attn.c_attn.weight`,
 * …) with HF's shapes (Conv1D weights (in, out)), ready for a safetensors writer. The tied output
 * head has no entry of its own, as in HF's `GPT2Model` checkpoints.
 */
export function namedParameters(model: Gpt): Record<string, NamedTensor> {
  const out: Record<string, NamedTensor> = {};
  for (const spec of model.layout) {
    out[spec.name] = {
      dtype: "F32",
      shape: [...spec.shape],
      data: model.params.subarray(spec.offset, spec.offset + spec.size),
    };
  }
  return out;
}
