import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { z } from "zod";
import { CheckpointFormatError } from "./checkpoint-format-error.js";
import { CheckpointMismatchError, type ShapeMismatch } from "./checkpoint-mismatch-error.js";
import { NotACheckpointDirError } from "./not-a-checkpoint-dir-error.js";
import { readSafetensors } from "./read-safetensors.js";
import type { LoadedTensor, TensorMap } from "./tensor.js";
import { syncDirectory, writeFileAtomic } from "./write-file-atomic.js";
import { writeSafetensors } from "./write-safetensors.js";

// A checkpoint directory as Hugging Face lays one out: its files, reading it (and checking that
// it fits a model), and writing it so the directory always holds one complete checkpoint.

/** The files of a checkpoint directory, named as Hugging Face names them. */
export const CHECKPOINT_FILES = {
  weights: "model.safetensors",
  config: "config.json",
  tokenizer: "tokenizer.json",
} as const;

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

/**
 * Checks that `tensors` holds exactly the names of `expected`, each with the expected shape.
 * @param path names the checkpoint in the error
 * @throws CheckpointMismatchError listing every missing, unexpected and mis-shaped tensor
 */
export function checkTensorShapes(
  tensors: TensorMap,
  expected: Readonly<Record<string, readonly number[]>>,
  path: string,
): void {
  const has = (map: object, name: string): boolean => Object.hasOwn(map, name);
  const missing = Object.keys(expected)
    .filter((name) => !has(tensors, name))
    .sort();
  const unexpected = Object.keys(tensors)
    .filter((name) => !has(expected, name))
    .sort();
  const wrongShape: ShapeMismatch[] = Object.keys(expected)
    .filter((name) => has(tensors, name))
    .sort()
    .flatMap((name) => {
      const actual = tensors[name].shape;
      const want = expected[name];
      const same = actual.length === want.length && actual.every((d, i) => d === want[i]);
      return same ? [] : [{ name, expected: want, actual }];
    });
  if (missing.length + unexpected.length + wrongShape.length > 0) {
    throw new CheckpointMismatchError({ path, missing, unexpected, wrongShape });
  }
}

export interface CheckpointContents {
  /** The model's hyper-parameters, written as config.json. */
  readonly config: object;
  readonly tensors: TensorMap;
  /**
   * tokenizer.json, as text (written as is) or as an object (pretty-printed). Prefer the text
   * from `tokenizerJsonText(tokenizer)`: JSON.stringify would list digit tokens first.
   */
  readonly tokenizerJson?: string | object;
  /**
   * safetensors `__metadata__`. `format: "pt"` is added unless given: Hugging Face
   * `transformers` refuses safetensors files whose metadata lacks a known format.
   */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Writes a checkpoint directory — model.safetensors, config.json and, when given,
 * tokenizer.json — so that `dir` always holds one complete checkpoint.
 *
 * The files are written and fsynced in a sibling `dir.tmp-…`, which then takes the place of
 * `dir`. Replacing an existing checkpoint takes two renames (old → `dir.old-…`, new → `dir`);
 * if the machine dies between them, `dir` is missing and both complete versions sit beside it.
 * An existing `dir` holding anything but checkpoint files is never replaced.
 *
 * @throws NotACheckpointDirError when `dir` exists and holds other files (or is not a directory)
 */
export async function writeCheckpointDir(
  dir: string,
  { config, tensors, tokenizerJson, metadata }: CheckpointContents,
): Promise<void> {
  dir = resolve(dir);
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const existing = await existingCheckpoint(dir);

  const suffix = randomBytes(6).toString("hex");
  const temp = join(parent, `${basename(dir)}.tmp-${suffix}`);
  await mkdir(temp);
  try {
    await writeSafetensors(join(temp, CHECKPOINT_FILES.weights), tensors, {
      format: "pt",
      ...metadata,
    });
    await writeFileAtomic(
      join(temp, CHECKPOINT_FILES.config),
      `${JSON.stringify(config, null, 2)}\n`,
    );
    if (tokenizerJson !== undefined) {
      const text =
        typeof tokenizerJson === "string"
          ? tokenizerJson
          : `${JSON.stringify(tokenizerJson, null, 2)}\n`;
      await writeFileAtomic(join(temp, CHECKPOINT_FILES.tokenizer), text);
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }

  if (!existing) {
    await rename(temp, dir);
    await syncDirectory(parent);
    return;
  }
  const old = join(parent, `${basename(dir)}.old-${suffix}`);
  await rename(dir, old);
  await rename(temp, dir);
  await syncDirectory(parent);
  await rm(old, { recursive: true, force: true });
}

/** @returns whether `dir` exists (as a checkpoint directory; anything else throws) */
async function existingCheckpoint(dir: string): Promise<boolean> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (info === undefined) return false;
  if (!info.isDirectory()) throw new NotACheckpointDirError({ dir, foreignEntries: [] });
  const known = new Set<string>(Object.values(CHECKPOINT_FILES));
  const foreignEntries = (await readdir(dir)).filter((entry) => !known.has(entry));
  if (foreignEntries.length > 0) throw new NotACheckpointDirError({ dir, foreignEntries });
  return true;
}
