import type { Gpt } from "./gpt.js";

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
