/** The files of a checkpoint directory, named as Hugging Face names them. */
export const CHECKPOINT_FILES = {
  weights: "model.safetensors",
  config: "config.json",
  tokenizer: "tokenizer.json",
} as const;
