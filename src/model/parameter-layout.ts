import type { ModelConfig } from "./model-config.js";

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
  const { vocabSize: V, ctx, dModel: C, nLayer } = config;
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
    add(`h.${i}.ln_2.weight`, [C]);
    add(`h.${i}.ln_2.bias`, [C]);
    add(`h.${i}.mlp.c_fc.weight`, [C, 4 * C]);
    add(`h.${i}.mlp.c_fc.bias`, [4 * C]);
    add(`h.${i}.mlp.c_proj.weight`, [4 * C, C]);
    add(`h.${i}.mlp.c_proj.bias`, [C]);
  }
  add("ln_f.weight", [C]);
  add("ln_f.bias", [C]);
  return specs;
}

/** Total number of floats in the flat parameter array. */
export function parameterCount(config: ModelConfig): number {
  const specs = parameterLayout(config);
  const last = specs[specs.length - 1];
  return last.offset + last.size;
}
