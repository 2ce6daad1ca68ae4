import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { CHECKPOINT_FILES } from "./checkpoint-files.js";
import { NotACheckpointDirError } from "./not-a-checkpoint-dir-error.js";
import type { TensorMap } from "./tensor.js";
import { syncDirectory, writeFileAtomic } from "./write-file-atomic.js";
import { writeSafetensors } from "./write-safetensors.js";

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
