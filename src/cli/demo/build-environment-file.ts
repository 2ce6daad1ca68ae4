import { existsSync } from "node:fs";
import { type Scenario, writeFileAtomic } from "../../core/index.js";
import {
  type BuildSidecar,
  buildEnvironments,
  buildSidecarPath,
  COMPLEXITY_PRESETS,
} from "../../envgen/index.js";

/**
 * The environments the recipe was measured on (issue 9, scripts/experiments/transfer.mts):
 * single-hop and parallel single-hop, no complexity scaling. Within ten minutes of two cores
 * the built-in model learns these, where multi-hop ones need far longer.
 */
export const DEMO_ENVIRONMENTS = {
  scenarios: ["single_hop", "parallel_single_hop"] as readonly Scenario[],
  complexity: COMPLEXITY_PRESETS.none,
};

export interface BuildEnvironmentFileOptions {
  readonly out: string;
  readonly count: number;
  readonly seed: number;
  /** Which part of the seed's world: `train` holds its test entities out, `test` uses only them. */
  readonly split: "train" | "test";
  readonly onProgress?: (accepted: number, total: number) => void;
}

/** Whether `out` is a finished build: the records and, written after them, the sidecar. */
export function isBuilt(out: string): boolean {
  return existsSync(out) && existsSync(buildSidecarPath(out));
}

/**
 * What `toolgym envs build --count N --seed S --split SPLIT --out FILE` writes for
 * `DEMO_ENVIRONMENTS` (`--scenarios single_hop,parallel_single_hop --complexity none`, a fifth of
 * the world held out): the records,
 * then `FILE.stats.json`, from which training builds fresh environments like them
 * (`environmentsLike`). Both atomically, the sidecar last: a file with its sidecar is a
 * finished build and is not built again.
 *
 * @returns whether it built (false: the file was there)
 */
export async function buildEnvironmentFile({
  out,
  count,
  seed,
  split,
  onProgress,
}: BuildEnvironmentFileOptions): Promise<boolean> {
  if (isBuilt(out)) return false;
  const sidecarFile = buildSidecarPath(out);
  const splitOptions = { split, testFraction: 0.2, holdOutFamilies: [], holdOutPhrasings: false };
  const { scenarios, complexity } = DEMO_ENVIRONMENTS;
  const { records, rejections, attempts } = await buildEnvironments({
    count,
    seed,
    scenarios,
    complexity,
    split: splitOptions,
    onProgress: ({ accepted }) => onProgress?.(accepted, count),
  });
  writeFileAtomic(out, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
  const sidecar: BuildSidecar = {
    backend: "procedural",
    count,
    seed,
    scenarios: [...scenarios],
    complexity: { ...complexity },
    split: splitOptions,
    attempts,
    rejections,
  };
  writeFileAtomic(sidecarFile, `${JSON.stringify(sidecar, null, 2)}\n`);
  return true;
}
