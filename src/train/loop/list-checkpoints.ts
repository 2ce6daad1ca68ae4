import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { TRAIN_CHECKPOINT_FILES } from "./train-checkpoint-files.js";

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
