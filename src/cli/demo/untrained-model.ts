import { ConfigError } from "../../core/index.js";
import { Gpt, loadModel, type MatmulKernel, type Tokenizer } from "../../model/index.js";

export interface UntrainedModelOptions {
  /** Any checkpoint of a run trained from scratch (`init` absent): its tokenizer and shape. */
  readonly checkpoint: string;
  /** The run's `model.initSeed`. */
  readonly initSeed: number;
  readonly kernel?: MatmulKernel;
}

/**
 * The model a run from scratch started from: its tokenizer (trained before the first step and
 * saved with every checkpoint) and the GPT-2 initialization of its shape with its seed, as the
 * training loop makes it. So "before" is the very model that training then improved, though
 * the run saved no step 0.
 */
export async function untrainedModel({
  checkpoint,
  initSeed,
  kernel,
}: UntrainedModelOptions): Promise<{ model: Gpt; tokenizer: Tokenizer }> {
  const { model, tokenizer } = await loadModel(checkpoint, { kernel });
  if (tokenizer === undefined) {
    throw new ConfigError("checkpoint", `${checkpoint} has no tokenizer.json`);
  }
  return { model: new Gpt({ config: model.config, kernel, seed: initSeed }), tokenizer };
}
