import { existsSync } from "node:fs";
import { ConfigError } from "../../core/index.js";
import { readConfigFile } from "./read-config-file.js";
import { type ConfigLayer, resolveTrainConfig } from "./resolve-train-config.js";
import { runFiles } from "./run-files.js";
import type { TrainAlgo, TrainConfig } from "./train-config.js";

/** The config flags of `toolgym train`, as parsed; undefined = not given. */
export interface TrainFlags {
  algo?: string;
  envs?: string;
  data?: string;
  evalEnvs?: string;
  evalData?: string;
  init?: string;
  steps?: number;
  seed?: number;
  batchSize?: number;
  groupSize?: number;
  lr?: number;
  minLr?: number;
  warmupSteps?: number;
  weightDecay?: number;
  gradClip?: number;
  maxNewTokens?: number;
  maxTurns?: number;
  temperature?: number;
  evalTemperature?: number;
  concurrency?: number;
  microBatchPositions?: number;
  /** KL β: grpo's loss `klCoef`, reinforce-pp's advantage `klCoef` (the KL-penalized reward). */
  klBeta?: number;
  /** Clip ε of grpo / reinforce-pp: both `clipLow` and `clipHigh`. */
  clipEps?: number;
  /** α of rrhf. */
  rrhfAlpha?: number;
  /** β of dpo. */
  dpoBeta?: number;
  logInterval?: number;
  evalInterval?: number;
  evalLimit?: number;
  checkpointInterval?: number;
  keepCheckpoints?: number;
  ctx?: number;
  dModel?: number;
  nLayer?: number;
  nHead?: number;
  vocabSize?: number;
}

const MODEL_FLAGS = ["ctx", "dModel", "nLayer", "nHead"] as const;
const kebab = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Where each algorithm puts the shared hyper-parameter flags (`section.option`). */
const HYPER_FLAGS: Record<
  "klBeta" | "clipEps" | "rrhfAlpha" | "dpoBeta",
  Partial<Record<TrainAlgo, readonly string[]>>
> = {
  klBeta: { grpo: ["loss.klCoef"], "reinforce-pp": ["advantage.klCoef"] },
  clipEps: {
    grpo: ["loss.clipLow", "loss.clipHigh"],
    "reinforce-pp": ["loss.clipLow", "loss.clipHigh"],
  },
  rrhfAlpha: { rrhf: ["loss.alpha"] },
  dpoBeta: { dpo: ["loss.beta"] },
};

/**
 * The command line as a config layer. `algo` is the one the run will use (the flag's, the
 * file's, or the resumed run's): the hyper-parameter flags land in its loss or estimator
 * options, and a flag the algorithm has no use for is an error rather than silently ignored.
 */
export function trainFlagsLayer(flags: TrainFlags, algo: TrainAlgo): ConfigLayer {
  const { klBeta, clipEps, rrhfAlpha, dpoBeta, concurrency, vocabSize, ...plain } = flags;
  const values: Record<string, unknown> = { ...plain, rolloutConcurrency: concurrency };
  const flagOf: Record<string, string> = { rolloutConcurrency: "--concurrency" };
  values.model = Object.fromEntries(MODEL_FLAGS.map((k) => [k, flags[k]]));
  for (const k of MODEL_FLAGS) {
    delete values[k];
    flagOf[`model.${k}`] = kebab(k);
  }
  values.tokenizer = { vocabSize };
  flagOf["tokenizer.vocabSize"] = "--vocab-size";
  const sections: Record<string, Record<string, unknown>> = { loss: {}, advantage: {} };
  for (const [flag, value] of Object.entries({ klBeta, clipEps, rrhfAlpha, dpoBeta })) {
    if (value === undefined) continue;
    const targets = HYPER_FLAGS[flag as keyof typeof HYPER_FLAGS][algo];
    if (targets === undefined) {
      const users = Object.keys(HYPER_FLAGS[flag as keyof typeof HYPER_FLAGS]).join(", ");
      throw new ConfigError(kebab(flag), `applies to ${users}, not ${algo}`);
    }
    for (const target of targets) {
      const [section, option] = target.split(".");
      sections[section][option] = value;
      flagOf[target] = kebab(flag);
    }
  }
  values.loss = sections.loss;
  values.advantage = sections.advantage;
  return {
    source: "flags",
    values,
    nameOf: (path) => flagOf[path.slice(0, 2).join(".")] ?? kebab(path[0] ?? ""),
  };
}

/**
 * The config of `toolgym train`: the resumed run's config.json (with `resume`), then
 * `--config FILE`, then the flags, later ones winning field by field.
 */
export function resolveRunConfig({
  out,
  resume = false,
  configFile,
  flags,
}: {
  out: string;
  resume?: boolean;
  configFile?: string;
  flags: TrainFlags;
}): TrainConfig {
  const saved = runFiles(out).config;
  const layers: ConfigLayer[] = [];
  if (resume && existsSync(saved)) layers.push(readConfigFile(saved, "--resume"));
  if (configFile !== undefined) layers.push(readConfigFile(configFile));
  // The algorithm decides where hyper-parameter flags go; find it before reading them.
  const base = resolveTrainConfig([
    ...layers,
    { source: "flags", values: { algo: flags.algo }, nameOf: () => "--algo" },
  ]);
  layers.push(trainFlagsLayer(flags, base.algo));
  return resolveTrainConfig(layers);
}
