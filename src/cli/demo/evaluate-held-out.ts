import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  type EnvironmentRecord,
  readJsonl,
  TrajectorySchema,
  writeFileAtomic,
} from "../../core/index.js";
import { type BuiltinModelSource, createBuiltinPolicy } from "../../policy/index.js";
import { runRollouts, summarizeTrajectories } from "../../rollout/index.js";
import { deriveSeed, RNG_STREAMS, type TrainConfig } from "../../train/index.js";

export interface EvaluateHeldOutOptions {
  /** The held-out environments, and the file they were read from (named in metrics.json). */
  readonly records: readonly EnvironmentRecord[];
  readonly envsFile: string;
  /** The weights: a checkpoint directory or a model in memory. */
  readonly source: BuiltinModelSource;
  /** The policy's name in the trajectories and metrics.json. */
  readonly name: string;
  /** The run's config: its evaluation settings (temperature, tokens, turns, concurrency, seed). */
  readonly config: TrainConfig;
  /** The output directory: trajectories.jsonl and metrics.json, as `toolgym eval` writes them. */
  readonly out: string;
  readonly onEpisode?: (done: number, total: number) => void;
}

/** Whether `out` holds a finished evaluation (its metrics.json is written last). */
export function isEvaluated(out: string): boolean {
  return existsSync(join(out, "metrics.json"));
}

/**
 * Plays the built-in model once in every held-out environment with the settings of the
 * training loop's own evaluation (`evalTemperature`, greedy by default; `maxNewTokens`,
 * `maxTurns`, `rolloutConcurrency` of the run's config) and writes what `toolgym eval` writes,
 * so `toolgym report` and the demo read it alike. An interrupted evaluation resumes from its
 * trajectories; a finished one (metrics.json there) is not played again.
 *
 * @returns whether it played (false: it was finished)
 */
export async function evaluateHeldOut({
  records,
  envsFile,
  source,
  name,
  config,
  out,
  onEpisode,
}: EvaluateHeldOutOptions): Promise<boolean> {
  if (isEvaluated(out)) return false;
  const metricsFile = join(out, "metrics.json");
  const trajectoriesFile = join(out, "trajectories.jsonl");
  const policy = createBuiltinPolicy({
    ...source,
    name,
    seed: deriveSeed(config.seed, RNG_STREAMS.eval, 0),
    temperature: config.evalTemperature,
    maxNewTokens: config.maxNewTokens,
    maxBatch: config.rolloutConcurrency,
  });
  await runRollouts({
    records,
    policy,
    out: trajectoriesFile,
    concurrency: config.rolloutConcurrency,
    maxTurns: config.maxTurns,
    onTrajectory: (_, { done, skipped }) => onEpisode?.(done + skipped, records.length),
  });
  const wanted = new Set(records.map((r) => r.id));
  const all = (await readJsonl(trajectoriesFile, TrajectorySchema)).filter((t) =>
    wanted.has(t.env_id),
  );
  const report = summarizeTrajectories(all);
  writeFileAtomic(
    metricsFile,
    `${JSON.stringify({ envs: envsFile, policy: name, ...report }, null, 2)}\n`,
  );
  return true;
}
