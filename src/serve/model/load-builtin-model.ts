import { chatTokenIds } from "../../chat/index.js";
import { ConfigError } from "../../core/index.js";
import {
  CheckpointFormatError,
  CheckpointMismatchError,
  type Gpt,
  loadModel,
  type Tokenizer,
} from "../../model/index.js";

/**
 * A built-in checkpoint directory (`builtin:DIR`) loaded for serving: the model, and the
 * tokenizer it was trained with, which must have the chat template's special tokens. A bad
 * directory is the operator's to fix: a ConfigError naming it.
 */
export async function loadBuiltinModel(dir: string): Promise<{ model: Gpt; tokenizer: Tokenizer }> {
  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(dir);
  } catch (error) {
    if (error instanceof CheckpointFormatError || error instanceof CheckpointMismatchError) {
      throw new ConfigError("model", `builtin:${dir} is not a usable checkpoint: ${error.message}`);
    }
    throw error;
  }
  const { model, tokenizer } = loaded;
  if (tokenizer === undefined) {
    throw new ConfigError(
      "model",
      `${dir} has no tokenizer.json; the model server needs the model's tokenizer`,
    );
  }
  if (tokenizer.vocabSize > model.config.vocabSize) {
    throw new ConfigError(
      "model",
      `the tokenizer has ${tokenizer.vocabSize} ids but the model only ${model.config.vocabSize}: they do not belong together`,
    );
  }
  chatTokenIds(tokenizer);
  return { model, tokenizer };
}
