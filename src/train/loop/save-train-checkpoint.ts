import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../core/index.js";
import {
  type AdamW,
  type Gpt,
  saveModel,
  type Tokenizer,
  writeSafetensors,
} from "../../model/index.js";
import { listCheckpoints } from "./list-checkpoints.js";
import { stepDirName, TRAIN_CHECKPOINT_FILES } from "./train-checkpoint-files.js";
import type { TrainState } from "./train-state.js";

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
