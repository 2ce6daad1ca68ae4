import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { DataFormatError, issuePath, writeFileAtomic } from "../../core/index.js";
import {
  type AdamW,
  type Gpt,
  loadModel,
  type MatmulKernel,
  readSafetensors,
  saveModel,
  type Tokenizer,
  writeSafetensors,
} from "../../model/index.js";
import { TRAIN_ALGOS } from "../algorithms.js";

// Checkpoints: the trainer state, the checkpoint layout, and saving (atomically) and loading.

/**
 * Where a run stands after `step` optimizer steps: with the weights, the optimizer moments
 * and the config, everything `--resume` needs to continue bit-identically. Written to each
 * checkpoint as trainer-state.json.
 */
export const trainStateSchema = z
  .object({
    format: z.literal("toolgym-train-state/1"),
    algo: z.enum(TRAIN_ALGOS),
    /** Optimizer steps completed. */
    step: z.number().int().nonnegative(),
    /** AdamW's bias-correction step count (equals `step` unless the run began from a resume). */
    optimizerSteps: z.number().int().nonnegative(),
    /**
     * The random streams: every draw of step s comes from `deriveSeed(seed, stream, s)`, so
     * the seed and `step` are the whole generator state (see derive-seed.ts).
     */
    rng: z.object({ seed: z.number().int().nonnegative(), nextStep: z.number().int() }),
    /** Position in the prepared data: the epoch and the next example of its shuffled order. */
    dataCursor: z.object({
      epoch: z.number().int().nonnegative(),
      index: z.number().int().nonnegative(),
    }),
    /** Training tokens seen so far (loss-mask tokens). */
    tokensSeen: z.number().int().nonnegative(),
    /** Wall time spent training before this checkpoint, seconds. */
    elapsedSeconds: z.number().nonnegative(),
  })
  .strict();

export type TrainState = z.infer<typeof trainStateSchema>;

export function initialTrainState(algo: TrainState["algo"], seed: number): TrainState {
  return {
    format: "toolgym-train-state/1",
    algo,
    step: 0,
    optimizerSteps: 0,
    rng: { seed, nextStep: 0 },
    dataCursor: { epoch: 0, index: 0 },
    tokensSeen: 0,
    elapsedSeconds: 0,
  };
}

/**
 * Files a training checkpoint adds to the model's (model.safetensors, config.json,
 * tokenizer.json), and the layout of `OUT/checkpoints`.
 */
export const TRAIN_CHECKPOINT_FILES = {
  /** AdamW's first and second moments, tensors `m` and `v` in the parameter layout. */
  optimizer: "optimizer.safetensors",
  /** `TrainState`: step, data cursor, random streams. */
  state: "trainer-state.json",
  /** In `OUT/checkpoints`: the name of the newest checkpoint, for people and scripts. */
  latest: "latest",
} as const;

/** `step-N`: the checkpoint after N optimizer steps. */
export function stepDirName(step: number): string {
  return `step-${step}`;
}

export interface CheckpointEntry {
  readonly step: number;
  readonly dir: string;
}

/**
 * The committed checkpoints of `OUT/checkpoints`, oldest first: `step-N` directories holding
 * trainer-state.json (written last, so its presence means the rest is there). Hidden
 * `.step-N.tmp-…` directories of interrupted saves are never listed.
 */
export function listCheckpoints(checkpointsDir: string): CheckpointEntry[] {
  if (!existsSync(checkpointsDir)) return [];
  return readdirSync(checkpointsDir)
    .map((entry) => ({ entry, match: /^step-(\d+)$/.exec(entry) }))
    .filter(({ match }) => match !== null)
    .map(({ entry, match }) => ({ step: Number(match![1]), dir: join(checkpointsDir, entry) }))
    .filter(({ dir }) => existsSync(join(dir, TRAIN_CHECKPOINT_FILES.state)))
    .sort((a, b) => a.step - b.step);
}

export interface SaveTrainCheckpointOptions {
  /** `OUT/checkpoints`; the checkpoint becomes `step-<state.step>` in it. */
  readonly checkpointsDir: string;
  readonly model: Gpt;
  readonly tokenizer: Tokenizer;
  readonly optimizer: AdamW;
  readonly state: TrainState;
  /** Checkpoints kept, newest first; older ones are deleted. 0 = keep all. */
  readonly keep?: number;
  /** Test seam: runs after every file is written, before the checkpoint is committed. */
  readonly _internal?: { beforeCommit?: () => void };
}

/**
 * Writes a training checkpoint — the model as a Hugging Face GPT-2 directory (loadable by
 * `loadModel` and `--init`), the AdamW moments, and trainer-state.json — atomically: the files
 * go to a hidden sibling directory, which a single rename makes `step-N`. A crash at any
 * point leaves every earlier checkpoint as it was, plus at most a `.step-N.tmp-…` directory
 * that `listCheckpoints` never returns and the next save removes.
 *
 * @returns the checkpoint directory
 */
export async function saveTrainCheckpoint({
  checkpointsDir,
  model,
  tokenizer,
  optimizer,
  state,
  keep = 0,
  _internal,
}: SaveTrainCheckpointOptions): Promise<string> {
  mkdirSync(checkpointsDir, { recursive: true });
  removeLeftovers(checkpointsDir);
  const name = stepDirName(state.step);
  const final = join(checkpointsDir, name);
  const temp = join(checkpointsDir, `.${name}.tmp-${randomBytes(6).toString("hex")}`);
  try {
    await saveModel(temp, model, { tokenizer });
    await writeSafetensors(join(temp, TRAIN_CHECKPOINT_FILES.optimizer), {
      m: { dtype: "F32", shape: [optimizer.m.length], data: optimizer.m },
      v: { dtype: "F32", shape: [optimizer.v.length], data: optimizer.v },
    });
    // Written last: a directory with trainer-state.json has every other file.
    writeFileAtomic(
      join(temp, TRAIN_CHECKPOINT_FILES.state),
      `${JSON.stringify(state, null, 2)}\n`,
    );
    _internal?.beforeCommit?.();
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(final)) {
    // Re-saving a step (a resumed run checkpointing where it started): swap, then delete.
    const old = `${temp}.old`;
    renameSync(final, old);
    renameSync(temp, final);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(temp, final);
  }
  writeFileAtomic(join(checkpointsDir, TRAIN_CHECKPOINT_FILES.latest), `${name}\n`);
  if (keep > 0) {
    for (const old of listCheckpoints(checkpointsDir).slice(0, -keep)) {
      rmSync(old.dir, { recursive: true, force: true });
    }
  }
  return final;
}

/** Hidden directories of saves that never committed (a crash, a kill). */
function removeLeftovers(checkpointsDir: string): void {
  for (const entry of readdirSync(checkpointsDir)) {
    if (entry.startsWith(".step-") && entry.includes(".tmp-")) {
      rmSync(join(checkpointsDir, entry), { recursive: true, force: true });
    }
  }
}

export interface TrainCheckpoint {
  readonly model: Gpt;
  readonly tokenizer: Tokenizer;
  /** AdamW's moments, to copy into a fresh optimizer of `model`. */
  readonly moments: { readonly m: Float32Array; readonly v: Float32Array };
  readonly state: TrainState;
}

/**
 * Reads a checkpoint written by `saveTrainCheckpoint`.
 *
 * @throws DataFormatError naming the file and field when trainer-state.json or the moments
 *   do not fit (and the model module's checkpoint errors for the model files)
 */
export async function loadTrainCheckpoint(
  dir: string,
  options: { kernel?: MatmulKernel } = {},
): Promise<TrainCheckpoint> {
  const statePath = join(dir, TRAIN_CHECKPOINT_FILES.state);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(statePath, "utf8"));
  } catch (error) {
    throw new DataFormatError({ file: statePath, reason: (error as Error).message });
  }
  const parsed = trainStateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DataFormatError({
      file: statePath,
      field: issuePath(parsed.error),
      reason: parsed.error.issues[0]?.message ?? "not a trainer state",
    });
  }
  const { model, tokenizer } = await loadModel(dir, options);
  if (tokenizer === undefined) {
    throw new DataFormatError({ file: join(dir, "tokenizer.json"), reason: "missing" });
  }
  const optimizerPath = join(dir, TRAIN_CHECKPOINT_FILES.optimizer);
  const { tensors } = await readSafetensors(optimizerPath);
  const n = model.params.length;
  for (const name of ["m", "v"] as const) {
    if (tensors[name]?.data.length !== n) {
      throw new DataFormatError({
        file: optimizerPath,
        field: name,
        reason: `expected ${n} floats (the model's parameters), got ${tensors[name]?.data.length ?? "none"}`,
      });
    }
  }
  return {
    model,
    tokenizer,
    moments: { m: tensors.m.data, v: tensors.v.data },
    state: parsed.data,
  };
}
