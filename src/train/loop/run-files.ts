import { join } from "node:path";

/** The layout of a run's output directory (`toolgym train --out DIR`). */
export function runFiles(out: string) {
  return {
    /** The resolved config, every default filled in; `--resume` reads it back. */
    config: join(out, "config.json"),
    /** One JSON record a line: train metrics every `logInterval` steps, eval records. */
    metrics: join(out, "metrics.jsonl"),
    /** `step-N` directories (see `saveTrainCheckpoint`). */
    checkpoints: join(out, "checkpoints"),
    /** The frozen reference policy (KL terms, DPO), saved once when the run starts. */
    reference: join(out, "reference"),
  };
}
