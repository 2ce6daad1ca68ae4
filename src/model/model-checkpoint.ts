import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  CHECKPOINT_FILES,
  checkTensorShapes,
  readCheckpointDir,
  writeCheckpointDir,
} from "./checkpoint/checkpoint-dir.js";
import { CheckpointFormatError } from "./checkpoint/checkpoint-format-error.js";
import { Gpt } from "./gpt.js";
import type { MatmulKernel } from "./kernels/kernel.js";
import {
  fromHfGpt2Config,
  hfGpt2ConfigSchema,
  modelConfigSchema,
  toHfGpt2Config,
} from "./model-config.js";
import { namedParameters, parameterCount, parameterLayout } from "./parameter-layout.js";
import { parseTokenizerJson } from "./tokenizer/load-tokenizer.js";
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

export interface LoadModelOptions {
  /** Default `loadKernel()`. */
  readonly kernel?: MatmulKernel;
}

export interface LoadedModel {
  readonly model: Gpt;
  /** From tokenizer.json, when the directory has one. */
  readonly tokenizer: Tokenizer | undefined;
}

/**
 * HF GPT-2 checkpoints carry the causal-mask buffers `h.N.attn.bias` / `h.N.attn.masked_bias`
 * in older files; they are constants, not parameters, and are skipped.
 */
const MASK_BUFFER = /^h\.\d+\.attn\.(masked_)?bias$/;

/**
 * Reads a checkpoint directory written by `saveModel` (or a Hugging Face GPT-2 folder with
 * model.safetensors in F32/F16/BF16): config, every tensor checked by name and shape, tokenizer.
 * A `toolgym train` run directory stands for its newest checkpoint (`modelDir`).
 *
 * @throws CheckpointFormatError for a missing or unreadable file or a config the model cannot run
 * @throws CheckpointMismatchError listing every missing, unexpected or mis-shaped tensor
 */
export async function loadModel(
  where: string,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const dir = modelDir(where);
  const checkpoint = await readCheckpointDir(dir);
  const configPath = join(dir, CHECKPOINT_FILES.config);
  const hf = hfGpt2ConfigSchema.safeParse(checkpoint.config);
  if (!hf.success) throw new CheckpointFormatError({ path: configPath, reason: hf.error.message });
  const config = modelConfigSchema.safeParse(fromHfGpt2Config(hf.data));
  if (!config.success)
    throw new CheckpointFormatError({ path: configPath, reason: config.error.message });

  const tensors = Object.fromEntries(
    Object.entries(checkpoint.tensors).filter(([name]) => !MASK_BUFFER.test(name)),
  );
  const layout = parameterLayout(config.data);
  const expected = Object.fromEntries(layout.map((spec) => [spec.name, spec.shape]));
  checkTensorShapes(tensors, expected, join(dir, CHECKPOINT_FILES.weights));
  const params = new Float32Array(parameterCount(config.data));
  for (const spec of layout) params.set(tensors[spec.name].data, spec.offset);

  const model = new Gpt({ config: config.data, kernel: options.kernel, params });
  const tokenizer =
    checkpoint.tokenizerJson === undefined
      ? undefined
      : parseTokenizerJson(checkpoint.tokenizerJson, join(dir, CHECKPOINT_FILES.tokenizer));
  return { model, tokenizer };
}

/**
 * The model directory `dir` names: `dir` itself when it holds a model (model.safetensors), else
 * the newest `dir/checkpoints/step-N` that does — so a `toolgym train` run directory can be given
 * wherever a checkpoint is (`--init`, `--policy builtin:DIR`). Otherwise `dir`, whose reading
 * then fails with the missing file named.
 */
export function modelDir(dir: string): string {
  // The weights, not config.json: a run directory has a config.json of its own (the train config).
  if (existsSync(join(dir, CHECKPOINT_FILES.weights))) return dir;
  const checkpoints = join(dir, "checkpoints");
  if (!existsSync(checkpoints)) return dir;
  const newest = readdirSync(checkpoints)
    .map((entry) => ({ entry, step: /^step-(\d+)$/.exec(entry)?.[1] }))
    .filter(
      ({ entry, step }) =>
        step !== undefined && existsSync(join(checkpoints, entry, CHECKPOINT_FILES.weights)),
    )
    .sort((a, b) => Number(b.step) - Number(a.step))[0];
  return newest === undefined ? dir : join(checkpoints, newest.entry);
}
