import { fileURLToPath } from "node:url";
import { type EnvironmentRecord, EnvironmentRecordSchema, readJsonl } from "../core/index.js";

/** Path of the hand-made sample environments shipped in examples/. */
export const SAMPLE_ENVS_PATH = fileURLToPath(
  new URL("../../examples/envs.sample.jsonl", import.meta.url),
);

export function loadSampleEnvs(): Promise<EnvironmentRecord[]> {
  return readJsonl(SAMPLE_ENVS_PATH, EnvironmentRecordSchema);
}
