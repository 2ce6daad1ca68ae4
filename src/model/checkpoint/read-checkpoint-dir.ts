import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { checkTensorShapes } from "./check-tensor-shapes.js";
import { CHECKPOINT_FILES } from "./checkpoint-files.js";
import { CheckpointFormatError } from "./checkpoint-format-error.js";
import { readSafetensors } from "./read-safetensors.js";
import type { LoadedTensor } from "./tensor.js";

export interface ReadCheckpointDirOptions {
  /** Tensor name → shape the model needs; any difference throws `CheckpointMismatchError`. */
  readonly expected?: Readonly<Record<string, readonly number[]>>;
}

export interface Checkpoint {
  /** config.json, a JSON object (validating its fields is the model's business). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly tensors: Readonly<Record<string, LoadedTensor>>;
  readonly metadata: Readonly<Record<string, string>>;
  /** tokenizer.json parsed, or undefined when the directory has none. */
  readonly tokenizerJson: unknown;
}

const configSchema = z.record(z.string(), z.unknown());

/**
 * Reads a checkpoint directory written by `writeCheckpointDir` (or a Hugging Face model folder
 * with model.safetensors and config.json). Tensors come back as float32 whatever dtype they
 * were stored in (F32, F16, BF16; any other dtype is refused).
 *
 * @throws CheckpointFormatError for a missing or broken file, naming it (and the tensor)
 * @throws CheckpointMismatchError listing all tensors that differ from `expected`
 */
export async function readCheckpointDir(
  dir: string,
  { expected }: ReadCheckpointDirOptions = {},
): Promise<Checkpoint> {
  const weightsPath = join(dir, CHECKPOINT_FILES.weights);
  const configPath = join(dir, CHECKPOINT_FILES.config);
  const tokenizerPath = join(dir, CHECKPOINT_FILES.tokenizer);

  const { tensors, metadata } = await readSafetensors(weightsPath).catch(
    explainMissing(weightsPath),
  );
  const configText = await readFile(configPath, "utf8").catch(explainMissing(configPath));
  const config = configSchema.safeParse(parseJson(configText, configPath));
  if (!config.success) {
    throw new CheckpointFormatError({
      path: configPath,
      reason: "config.json must hold a JSON object",
    });
  }
  const tokenizerText = await readFile(tokenizerPath, "utf8").catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    },
  );
  const tokenizerJson =
    tokenizerText === undefined ? undefined : parseJson(tokenizerText, tokenizerPath);

  if (expected !== undefined) checkTensorShapes(tensors, expected, weightsPath);
  return { config: config.data, tensors, metadata, tokenizerJson };
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CheckpointFormatError({
      path,
      reason: `not valid JSON: ${(error as Error).message}`,
    });
  }
}

/** Turns "no such file" into a CheckpointFormatError that says what a checkpoint holds. */
function explainMissing(path: string): (error: NodeJS.ErrnoException) => never {
  return (error) => {
    if (error.code !== "ENOENT") throw error;
    throw new CheckpointFormatError({
      path,
      reason: `missing (a checkpoint directory holds ${CHECKPOINT_FILES.weights} and ${CHECKPOINT_FILES.config})`,
    });
  };
}
