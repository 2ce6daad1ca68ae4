import { existsSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../../core/index.js";
import type { TrainAlgo } from "../algorithms.js";
import {
  type ConfigLayer,
  readConfigFile,
  recipeDefaults,
  resolveTrainConfig,
  trainConfigSchema,
} from "./config.js";
import { runFiles } from "./run.js";

// The command-line flags of `toolgym train`, declared once. Each sets a field of
// `trainConfigSchema`, whose type, bounds and default are read from the schema: the CLI only
// turns text into numbers, and a bad value is reported by `resolveTrainConfig` naming the flag.

/** A flag that sets one config field (`path`), with its help; the rest comes from the schema. */
interface FieldFlag {
  readonly path: readonly [string] | readonly [string, string];
  /** The value's name in the help (`--envs <file>`). */
  readonly arg: string;
  readonly help: string;
}

const FIELD_FLAGS = {
  algo: { path: ["algo"], arg: "algo", help: "training algorithm" },
  envs: {
    path: ["envs"],
    arg: "file",
    help: "training environments (JSONL): rollouts, gold-plan sft data, tokenizer",
  },
  freshEnvs: {
    path: ["freshEnvs"],
    arg: "",
    help: "train on new environments built like --envs' every step (--no-fresh-envs: the file's own)",
  },
  data: {
    path: ["data"],
    arg: "file",
    help: "prepared data (JSONL): sft examples, rrhf candidate lists, dpo pairs",
  },
  evalEnvs: {
    path: ["evalEnvs"],
    arg: "file",
    help: "held-out environments: Solve-F1 and answer accuracy",
  },
  evalData: {
    path: ["evalData"],
    arg: "file",
    help: "held-out prepared data: rrhf ranking / dpo preference accuracy",
  },
  init: {
    path: ["init"],
    arg: "dir",
    help: "start from this checkpoint (default: a new tokenizer and random init)",
  },
  steps: { path: ["steps"], arg: "n", help: "optimizer steps" },
  seed: { path: ["seed"], arg: "n", help: "seed of data order, sampling (same seed, same run)" },
  batchSize: {
    path: ["batchSize"],
    arg: "n",
    help: "sequences / candidate lists / pairs / prompts per step",
  },
  groupSize: { path: ["groupSize"], arg: "n", help: "samples per prompt (grpo, reinforce-pp)" },
  copyWarmupSteps: {
    path: ["copyWarmupSteps"],
    arg: "n",
    help: "sft from scratch: first steps teach the model to echo its prompt (counted in --steps)",
  },
  lr: { path: ["lr"], arg: "lr", help: "peak learning rate" },
  minLr: { path: ["minLr"], arg: "lr", help: "learning rate at the end of the cosine" },
  warmupSteps: { path: ["warmupSteps"], arg: "n", help: "linear warm-up steps" },
  weightDecay: { path: ["weightDecay"], arg: "wd", help: "AdamW weight decay" },
  gradClip: { path: ["gradClip"], arg: "norm", help: "global gradient norm clip (0 = off)" },
  maxNewTokens: {
    path: ["maxNewTokens"],
    arg: "n",
    help: "tokens per assistant turn when sampling",
  },
  maxTurns: { path: ["maxTurns"], arg: "n", help: "assistant turns per episode" },
  temperature: { path: ["temperature"], arg: "t", help: "rollout sampling temperature" },
  evalTemperature: {
    path: ["evalTemperature"],
    arg: "t",
    help: "held-out sampling temperature (0 = greedy)",
  },
  concurrency: { path: ["rolloutConcurrency"], arg: "n", help: "episodes in flight" },
  microBatchPositions: {
    path: ["microBatchPositions"],
    arg: "n",
    help: "padded positions per forward/backward; larger batches accumulate gradients",
  },
  logInterval: { path: ["logInterval"], arg: "n", help: "steps between metric records" },
  evalInterval: {
    path: ["evalInterval"],
    arg: "n",
    help: "steps between held-out evaluations (0 = start and end)",
  },
  evalLimit: {
    path: ["evalLimit"],
    arg: "n",
    help: "held-out environments / items evaluated (0 = all)",
  },
  checkpointInterval: { path: ["checkpointInterval"], arg: "n", help: "steps between checkpoints" },
  keepCheckpoints: {
    path: ["keepCheckpoints"],
    arg: "n",
    help: "newest checkpoints kept (0 = all)",
  },
  ctx: { path: ["model", "ctx"], arg: "n", help: "context length of a new model" },
  dModel: { path: ["model", "dModel"], arg: "n", help: "width of a new model" },
  nLayer: { path: ["model", "nLayer"], arg: "n", help: "layers of a new model" },
  nHead: { path: ["model", "nHead"], arg: "n", help: "attention heads of a new model" },
  answerReward: {
    path: ["answerReward"],
    arg: "w",
    help: "weight of the final answer in the RL reward: (1 − w)·Solve-P·Solve-R + w·answer",
  },
  copyHead: {
    path: ["model", "copyHead"],
    arg: "",
    help: "a copy head in a new model: names and numbers copied from the prompt by a pointer (--no-copy-head: none)",
  },
  copyKeyNext: {
    path: ["model", "copyKeyNext"],
    arg: "",
    help: "a new model's copy keys read the state of the token they would copy, too (--no-copy-key-next: only the one before it)",
  },
  copyMatch: {
    path: ["model", "copyMatch"],
    arg: "n",
    help: "levels of a new model's copy-head bias for suffix matches: a copied span goes on where it was copied from (0 = none)",
  },
  copyGatePointed: {
    path: ["model", "copyGatePointed"],
    arg: "",
    help: "a new model's copy gate reads what the copy head points at, so a copied value ends where its source does (--no-copy-gate-pointed: the gate reads the current state only)",
  },
  smearKeys: {
    path: ["model", "smearKeys"],
    arg: "",
    help: "smeared keys in a new model: copying from the prompt learned sooner (--no-smear-keys: GPT-2's)",
  },
  digits: {
    path: ["tokenizer", "digits"],
    arg: "how",
    help: "digits of a new tokenizer: each its own token, or runs merged into number pieces",
  },
  vocabSize: {
    path: ["tokenizer", "vocabSize"],
    arg: "n",
    help: "vocabulary of a new tokenizer",
  },
} as const satisfies Record<string, FieldFlag>;

/** Shortcuts into the algorithm's loss or estimator options (`section.option` per algorithm). */
const HYPER_FLAGS = {
  klBeta: {
    help: "KL coefficient to the reference (grpo, reinforce-pp)",
    targets: { grpo: ["loss.klCoef"], "reinforce-pp": ["advantage.klCoef"] },
  },
  clipEps: {
    help: "PPO clip range ε (grpo, reinforce-pp)",
    targets: {
      grpo: ["loss.clipLow", "loss.clipHigh"],
      "reinforce-pp": ["loss.clipLow", "loss.clipHigh"],
    },
  },
  rrhfAlpha: { help: "weight of the ranking term (rrhf)", targets: { rrhf: ["loss.alpha"] } },
  dpoBeta: { help: "DPO β", targets: { dpo: ["loss.beta"] } },
} as const satisfies Record<
  string,
  { help: string; targets: Partial<Record<TrainAlgo, readonly string[]>> }
>;

type FieldFlagName = keyof typeof FIELD_FLAGS;
type HyperFlagName = keyof typeof HYPER_FLAGS;

/** The config flags of `toolgym train`, as parsed; undefined = not given. */
export type TrainFlags = Partial<Record<FieldFlagName, string | number | boolean>> &
  Partial<Record<HyperFlagName, number>>;

/** One flag as the CLI registers it. */
export interface TrainFlagSpec {
  /** The options key (camelCase) and the flag (`--batch-size`). */
  readonly name: FieldFlagName | HyperFlagName;
  readonly flag: string;
  readonly arg: string;
  /** The help, with the default and bounds the schema gives. */
  readonly help: string;
  /**
   * How the CLI reads the value: a number, text (one of `choices` when given), or a switch
   * (`--flag` and `--no-flag`).
   */
  readonly kind: "number" | "string" | "boolean";
  readonly choices?: readonly string[];
}

/** The recipe's defaults (`recipeDefaults`), named in the help beside the schema's. */
const SFT_RECIPE = recipeDefaults({ algo: "sft" });
const RL_RECIPE = recipeDefaults({ algo: "grpo", init: "DIR" });

/** Every config flag of `toolgym train`, typed and described from `trainConfigSchema`. */
export function trainFlagSpecs(): TrainFlagSpec[] {
  const fields = (Object.entries(FIELD_FLAGS) as [FieldFlagName, FieldFlag][]).map(
    ([name, { path, arg, help }]): TrainFlagSpec => {
      const { leaf, defaultValue } = fieldSchema(path);
      const key = path.join(".");
      const fromScratch = SFT_RECIPE[key];
      const fromCheckpoint = RL_RECIPE[key];
      const notes = [
        ...(leaf instanceof z.ZodNumber ? boundsOf(leaf) : []),
        ...(defaultValue === undefined ? [] : [`default ${defaultValue}`]),
        ...(fromScratch === undefined ? [] : [`sft from scratch ${fromScratch}`]),
        ...(fromCheckpoint === undefined
          ? []
          : [`grpo/reinforce-pp with --init ${fromCheckpoint}`]),
      ];
      return {
        name,
        flag: kebab(name),
        arg,
        help: notes.length === 0 ? help : `${help} (${notes.join(", ")})`,
        kind:
          leaf instanceof z.ZodNumber
            ? "number"
            : leaf instanceof z.ZodBoolean
              ? "boolean"
              : "string",
        ...(leaf instanceof z.ZodEnum ? { choices: leaf.options.map(String) } : {}),
      };
    },
  );
  const hypers = (Object.keys(HYPER_FLAGS) as HyperFlagName[]).map(
    (name): TrainFlagSpec => ({
      name,
      flag: kebab(name),
      arg: "x",
      help: HYPER_FLAGS[name].help,
      kind: "number",
    }),
  );
  return [...fields, ...hypers];
}

/**
 * The command line as a config layer. `algo` is the one the run will use (the flag's, the
 * file's, or the resumed run's): the hyper-parameter flags land in its loss or estimator
 * options, and a flag the algorithm has no use for is an error rather than silently ignored.
 */
export function trainFlagsLayer(flags: TrainFlags, algo: TrainAlgo): ConfigLayer {
  const values: Record<string, unknown> = { model: {}, tokenizer: {}, loss: {}, advantage: {} };
  const flagOf: Record<string, string> = {};
  const set = ([section, option]: readonly string[], value: unknown, flag: string) => {
    if (option === undefined) values[section] = value;
    else (values[section] as Record<string, unknown>)[option] = value;
    flagOf[[section, option].filter(Boolean).join(".")] = flag;
  };
  for (const [name, { path }] of Object.entries(FIELD_FLAGS)) {
    const value = flags[name as FieldFlagName];
    if (value !== undefined) set(path, value, kebab(name));
  }
  for (const [name, { targets }] of Object.entries(HYPER_FLAGS)) {
    const value = flags[name as HyperFlagName];
    if (value === undefined) continue;
    const paths = (targets as Partial<Record<TrainAlgo, readonly string[]>>)[algo];
    if (paths === undefined) {
      throw new ConfigError(
        kebab(name),
        `applies to ${Object.keys(targets).join(", ")}, not ${algo}`,
      );
    }
    for (const path of paths) set(path.split("."), value, kebab(name));
  }
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
}) {
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

const kebab = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The schema of a config field, without its default and optionality, and that default. */
function fieldSchema(path: readonly string[]): { leaf: z.ZodType; defaultValue: unknown } {
  let found: { schema: z.ZodType; defaultValue: unknown } = {
    schema: trainConfigSchema,
    defaultValue: undefined,
  };
  for (const key of path) {
    found = unwrap((found.schema as z.ZodObject<z.ZodRawShape>).shape[key] as z.ZodType);
  }
  return { leaf: found.schema, defaultValue: found.defaultValue };
}

function unwrap(schema: z.ZodType): { schema: z.ZodType; defaultValue: unknown } {
  let defaultValue: unknown;
  for (;;) {
    if (schema instanceof z.ZodDefault) {
      defaultValue ??= schema.def.defaultValue;
      schema = schema.unwrap() as z.ZodType;
    } else if (schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
    else return { schema, defaultValue };
  }
}

/** `≥ 1`, `> 0`, `< 1` as the schema's checks say, `integer` for an int. */
function boundsOf(schema: z.ZodNumber): string[] {
  const notes: string[] = [];
  if (schema.format === "safeint") notes.push("integer");
  const { minValue, maxValue } = schema;
  if (minValue !== null && Math.abs(minValue) < Number.MAX_SAFE_INTEGER) {
    notes.push(schema.safeParse(minValue).success ? `≥ ${minValue}` : `> ${minValue}`);
  }
  if (maxValue !== null && Math.abs(maxValue) < Number.MAX_SAFE_INTEGER) {
    notes.push(schema.safeParse(maxValue).success ? `≤ ${maxValue}` : `< ${maxValue}`);
  }
  return notes;
}
