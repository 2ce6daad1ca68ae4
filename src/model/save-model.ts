import { writeCheckpointDir } from "./checkpoint/checkpoint-dir.js";
import type { Gpt } from "./gpt.js";
import { toHfGpt2Config } from "./hf-gpt2-config.js";
import { namedParameters } from "./named-parameters.js";
import { tokenizerJsonText } from "./tokenizer/save-tokenizer.js";
import type { Tokenizer } from "./tokenizer/tokenizer.js";

export interface SaveModelOptions {
  /** Written as tokenizer.json. */
  readonly tokenizer?: Tokenizer;
  /** A tokenizer.json already in hand (text or object), when there is no `Tokenizer`. */
  readonly tokenizerJson?: string | object;
}

/**
 * Writes `model` as a Hugging Face GPT-2 checkpoint directory — model.safetensors with HF tensor
 * names, config.json, and tokenizer.json when given — atomically: `dir` always holds one
 * complete checkpoint.
 */
export async function saveModel(
  dir: string,
  model: Gpt,
  options: SaveModelOptions = {},
): Promise<void> {
  const { tokenizer, tokenizerJson } = options;
  await writeCheckpointDir(dir, {
    config: toHfGpt2Config(model.config),
    tensors: namedParameters(model),
    tokenizerJson: tokenizer ? tokenizerJsonText(tokenizer) : tokenizerJson,
    metadata: { producer: "toolgym" },
  });
}
