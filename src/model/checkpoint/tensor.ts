/**
 * A tensor as the built-in model keeps it: float32, row-major, `data.length` equal to the
 * product of `shape` (1 for a scalar, shape []).
 */
export interface Tensor {
  readonly dtype: "F32";
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Tensors by name, e.g. Hugging Face GPT-2 names such as `h.0.attn.c_attn.weight`. */
export type TensorMap = Readonly<Record<string, Tensor>>;

/** A tensor read from a file: converted to float32, remembering the dtype it was stored in. */
export interface LoadedTensor extends Tensor {
  readonly storedDtype: "F32" | "F16" | "BF16";
}
