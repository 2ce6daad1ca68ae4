import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../../core/index.js";
import { algorithmOf, TRAIN_ALGOS } from "../algorithms.js";

// The config of a training run: its schema (every default, here and nowhere else), the layers
// it is resolved from (a file, the resumed run's config.json, the flags) and their errors.

const int = (min: number) => z.number().int().min(min);
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

/**
 * Shape of a model trained from scratch (`init` absent). The vocabulary size is the
 * tokenizer's, trained on the run's data (`tokenizer.vocabSize`).
 */
export const scratchModelSchema = z
  .object({
    /** Longest sequence, prompt + every turn; longer examples are cut from the left. */
    ctx: int(8).default(384),
    /** C: width of the residual stream. */
    dModel: int(8).default(128),
    nLayer: int(1).default(4),
    nHead: int(1).default(4),
    /** Smeared keys (`ModelConfig.smearKeys`): copying from the prompt is learned sooner. */
    smearKeys: z.boolean().default(false),
    /**
     * A copy head (`ModelConfig.copyHead`): names and numbers copied from the prompt by a pointer.
     * On by default: with it the recipe's SFT more than triples Solve-F1 on environments of worlds
     * it never saw (README, "What training does, measured").
     */
    copyHead: z.boolean().default(true),
    /**
     * The copy head's keys also read the state of the token they would copy
     * (`ModelConfig.copyKeyNext`); a model without a copy head ignores it. On by default: the
     * answers' first tokens, which keys reading only the state before them kept getting wrong,
     * are copied (README, "What training does, measured").
     */
    copyKeyNext: z.boolean().default(true),
    /**
     * Levels of the copy head's suffix-match bias (`ModelConfig.copyMatch`): a span being copied
     * goes on from where it was copied. 0: none; a model without a copy head ignores it.
     */
    copyMatch: int(0).max(255).default(6),
    /**
     * The copy gate reads what the head points at (`ModelConfig.copyGatePointed`), so that a
     * copied value ends where its source does; a model without a copy head ignores it. With
     * `copyMatch` 6, on by default: on the dev sets (test split seed 41, train split seed 43,
     * 200 environments each, 1,400 SFT steps) Solve-F1 0.588 / 0.505 → 0.775 / 0.677 and answers
     * 40.5% / 35% → 64.5% / 54% (README, "What training does, measured").
     */
    copyGatePointed: z.boolean().default(true),
    /** Seed of the GPT-2 initialization (apart from `seed` so data order and init vary alone). */
    initSeed: int(0).default(0),
  })
  .strict()
  .refine((m) => m.dModel % m.nHead === 0, {
    message: "dModel must be a multiple of nHead",
    path: ["nHead"],
  });

export const scratchTokenizerSchema = z
  .object({
    /** Ids wanted: the special tokens + 256 bytes + merges learned from the run's texts. */
    vocabSize: int(265).default(1024),
    /** `separate`: a space is a token of its own, so names copy token for token (`trainChatTokenizer`). */
    spaces: z.enum(["separate", "attached"]).default("separate"),
    /** `individual`: every digit a token; `grouped`: runs of digits merge into number pieces. */
    digits: z.enum(["individual", "grouped"]).default("individual"),
  })
  .strict();

/**
 * Everything that defines a training run, with its defaults — here and nowhere else.
 * Loaded from `--config FILE` (JSON, same field names), overridden by CLI flags, and written
 * resolved to `OUT/config.json`, which `--resume` reads back.
 *
 * Sized by default for the built-in GPT on two CPU cores (≈1 M parameters, minutes per run).
 */
export const trainConfigSchema = z
  .object({
    algo: z.enum(TRAIN_ALGOS).default("sft"),
    /** Data order, prompt choice and sampling all derive from it: same seed, same run. */
    seed: int(0).default(0),
    /** Optimizer steps; also the length of the cosine schedule. */
    steps: int(1).default(200),
    /**
     * Per step: sequences (sft), candidate lists (rrhf), preference pairs (dpo), or prompts
     * (grpo, reinforce-pp: each played `groupSize` times).
     */
    batchSize: int(1).default(16),
    /** Samples per prompt for on-policy algorithms (the group of GRPO's normalization). */
    groupSize: int(1).default(4),

    /**
     * sft from scratch: the first steps train the model to echo its prompt (a user message of
     * pieces of the run's conversations, repeated by the assistant) before the gold plans, so
     * that it can copy names and numbers it has never seen (`copyWarmupBatch`). Counted in
     * `steps`; 0 = none. Ignored with `init`.
     */
    copyWarmupSteps: int(0).default(0),
    /** Peak learning rate, reached after `warmupSteps`, then a half cosine down to `minLr`. */
    lr: positive.default(3e-4),
    minLr: nonNegative.default(3e-5),
    warmupSteps: int(0).default(10),
    /** AdamW's decoupled weight decay, on 2-D weights only. */
    weightDecay: nonNegative.default(0.1),
    adamBeta1: z.number().min(0).lt(1).default(0.9),
    adamBeta2: z.number().min(0).lt(1).default(0.95),
    /** Global L2 norm the gradients are clipped to; 0 = no clipping. */
    gradClip: nonNegative.default(1),

    /** Tokens per assistant turn at most, when sampling (rollouts and eval). */
    maxNewTokens: int(1).default(64),
    /** Assistant turns per episode at most. */
    maxTurns: int(1).default(4),
    /** Sampling temperature of training rollouts (on-policy algorithms). */
    temperature: nonNegative.default(1),
    /**
     * Weight w of the final answer in the reward on-policy algorithms train on:
     * (1 − w)·Solve-P·Solve-R + w·answer (1 when the final answer matches the gold one). 0 is
     * FTRL's reward, which pays only for the calls; a policy that calls right but then garbles
     * the answer it read earns as much as one that answers right, and nothing teaches it to
     * carry a tool's output into its answer.
     */
    answerReward: z.number().min(0).max(1).default(0),
    /** Sampling temperature of held-out evaluation; 0 = greedy. */
    evalTemperature: nonNegative.default(0),
    /** Episodes in flight during rollouts and evaluation. */
    rolloutConcurrency: int(1).default(8),
    /**
     * Padded positions (sequences × T) one forward/backward pass holds at most. A larger batch
     * is cut into micro-batches whose gradients add up; the loss still sees the whole batch.
     * Activation memory grows with it (≈ 80 KB a position for the default model, in an arena
     * of at most 4 GiB); a batch that fits costs one forward, a cut one two.
     */
    microBatchPositions: int(64).default(12288),

    /**
     * Options of the algorithm's loss (`ALGORITHMS[algo].lossOptions`: grpo's `klCoef`, `clipLow`,
     * `clipHigh`; rrhf's `alpha`; dpo's `beta`; …). Their defaults live in the loss's schema;
     * `resolveTrainConfig` fills them in, so config.json shows every value the run used.
     */
    loss: z.record(z.string(), z.unknown()).default({}),
    /** Options of the advantage estimator (grpo, reinforce-pp), defaults in its schema. */
    advantage: z.record(z.string(), z.unknown()).default({}),

    /** Steps between metric records (metrics.jsonl and the progress line). */
    logInterval: int(1).default(1),
    /** Steps between held-out evaluations; 0 = only before the first step and after the last. */
    evalInterval: int(0).default(50),
    /** Held-out environments (or candidate lists / pairs) evaluated at most; 0 = all. */
    evalLimit: int(0).default(100),
    /** Steps between checkpoints; the last step is always checkpointed. */
    checkpointInterval: int(1).default(50),
    /** Checkpoints kept (older ones deleted); 0 = keep all. */
    keepCheckpoints: int(0).default(0),

    model: scratchModelSchema.default(() => scratchModelSchema.parse({})),
    tokenizer: scratchTokenizerSchema.default(() => scratchTokenizerSchema.parse({})),

    // Files. Kept in the config so that `--resume` needs nothing but the output directory.
    /** Training environments (JSONL of EnvironmentRecord). */
    envs: z.string().min(1).optional(),
    /**
     * Train on new environments every step, built like `envs` (the options in its
     * `FILE.stats.json`) from worlds of seeds derived from `seed`, instead of cycling through the
     * file's; the file still trains a new tokenizer. Only for files `toolgym envs build` made
     * with the procedural backend (the CLI says when it falls back to the file's records); sft,
     * grpo and reinforce-pp.
     */
    freshEnvs: z.boolean().default(true),
    /** Prepared training data (sft examples, rrhf candidate lists or dpo pairs, JSONL). */
    data: z.string().min(1).optional(),
    /** Held-out environments for evaluation (Solve-F1, answer accuracy). */
    evalEnvs: z.string().min(1).optional(),
    /** Held-out prepared data (rrhf ranking accuracy, dpo preference accuracy). */
    evalData: z.string().min(1).optional(),
    /** Checkpoint directory to start from; absent = random init and a new tokenizer. */
    init: z.string().min(1).optional(),
  })
  .strict();

export type TrainConfig = z.output<typeof trainConfigSchema>;
/** What a config file or the flags may give: every field optional. */
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** One source of config values: a file, `OUT/config.json`, or the command line. */
export interface ConfigLayer {
  /** Named in errors: a path (`runs/a/config.json`) or `flags`. */
  readonly source: string;
  /** A partial config (a JSON object); fields set to undefined are ignored. */
  readonly values: unknown;
  /** How a field is written in this source, for errors (e.g. `lr` → `--lr`); default the path. */
  readonly nameOf?: (path: readonly string[]) => string;
}

/**
 * Merges config layers (later ones win, field by field, `model` and `tokenizer` merged
 * too), fills the defaults and validates the result against `trainConfigSchema`.
 *
 * @throws ConfigError naming the source and field of the first bad value, e.g.
 *   `configs/a.json: field "model.nHead": dModel must be a multiple of nHead`
 */
export function resolveTrainConfig(layers: readonly ConfigLayer[]): TrainConfig {
  const given = mergeLayers(layers);
  return resolveMerged({ ...given, merged: { ...recipeDefaults(given.merged), ...given.merged } });
}

/**
 * The recipe: defaults that depend on what the run is, below every layer (any file or flag
 * overrides them). Measured in scripts/experiments/transfer.mts (the README's "What training
 * does, measured"):
 *
 * - sft from scratch on environments (not on prepared `data`): 1,250 steps (under ten minutes of
 *   two cores: 1,400 took 630 s, ~0.45 s a step) at a peak learning rate of 1e-3, the first 10% of them
 *   a copy warm-up (`copyWarmupSteps`, 10% of `steps` when only the steps are given), on a model
 *   with a copy head whose keys read the next state too (`model.copyHead`, `model.copyKeyNext`:
 *   on the same dev sets, 2,000 steps, 0.53 / 0.43 → 0.61 / 0.56 Solve-F1). The copy head
 *   learns to echo in ~100 steps (a plain GPT-2 of this size needs ~1,200, so its recipe spent 60%
 *   of the steps on the warm-up); the steps it leaves to behaviour cloning are what lifted
 *   held-out Solve-F1 (tuned on test-split seed 41 and train-split seed 43, 200 environments
 *   each: 0.29 / 0.21 with a 60% warm-up, 0.53 / 0.43 with 10%; a plain GPT-2 with 60%: 0.14 / 0.11).
 * - grpo / reinforce-pp from a checkpoint: 8 environments × 8 samples a step (groups of 8 leave
 *   fewer all-equal groups than 4), learning rate 2e-5, 100 steps, sampling at temperature 0.5.
 *   The learning rate is a tenth of what it was: at 2e-4 AdamW moves every weight by about the
 *   rate each step whatever the noisy policy gradient says, the KL to the SFT model reaches
 *   0.6 nats a token within 6 steps, and the answers — the most fragile tokens — go first
 *   (rollout answer accuracy 0.31 → 0 by step 41, whether or not the reward pays for them); at
 *   2e-5 the KL stays near 0.05 and held-out Solve-F1 rises a little instead of falling (dev
 *   set, test split seed 41, 200 environments: SFT 0.588, 2e-4 0.570, 2e-5 0.607). Sampling:
 *   at 1 an SFT model of this size earns almost no reward (it misspells the names it copies), so
 *   nearly every group is all zeros and there is nothing to learn from; at 0.5 it earns about
 *   what its greedy policy does (sampling transfer.mts's SFT checkpoint: Solve-F1 0.18 greedy,
 *   0.16 at 0.5, 0.10 at 0.7 on 100 test-split environments; ≈ 0.01 rollout reward at 1 on
 *   training environments).
 *
 * Both sample up to 3 turns of 96 tokens, enough for every scenario's gold plan.
 */
export function recipeDefaults(merged: Record<string, unknown>): Record<string, unknown> {
  const algo = merged.algo ?? "sft";
  const sampling = { maxNewTokens: 96, maxTurns: 3 };
  if (algo === "sft" && merged.init === undefined && merged.data === undefined) {
    const steps = typeof merged.steps === "number" ? merged.steps : 1250;
    return {
      ...sampling,
      steps,
      copyWarmupSteps: Math.round(0.1 * steps),
      lr: 1e-3,
      minLr: 1e-4,
      warmupSteps: 50,
      evalInterval: 500,
      checkpointInterval: 500,
    };
  }
  if ((algo === "grpo" || algo === "reinforce-pp") && merged.init !== undefined) {
    return {
      ...sampling,
      steps: 100,
      batchSize: 8,
      groupSize: 8,
      temperature: 0.5,
      lr: 2e-5,
      minLr: 2e-6,
      warmupSteps: 5,
      evalInterval: 25,
      checkpointInterval: 25,
    };
  }
  return {};
}

interface MergedLayers {
  readonly merged: Record<string, unknown>;
  /** Which layer set each top-level field (and each nested one): errors blame it. */
  readonly setBy: Map<string, ConfigLayer>;
}

function mergeLayers(layers: readonly ConfigLayer[]): MergedLayers {
  const merged: Record<string, unknown> = {};
  const setBy = new Map<string, ConfigLayer>();
  for (const layer of layers) {
    if (layer.values === undefined) continue;
    if (!isObject(layer.values)) {
      throw new ConfigError(layer.source, "a config must be a JSON object");
    }
    for (const [key, value] of Object.entries(layer.values)) {
      if (value === undefined) continue;
      if (isObject(value)) {
        const defined = stripUndefined(value);
        merged[key] = isObject(merged[key]) ? { ...merged[key], ...defined } : defined;
        for (const inner of Object.keys(defined)) setBy.set(`${key}.${inner}`, layer);
        if (Object.keys(defined).length > 0) setBy.set(key, layer);
      } else {
        merged[key] = value;
        setBy.set(key, layer);
      }
    }
  }
  return { merged, setBy };
}

function resolveMerged({ merged, setBy }: MergedLayers): TrainConfig {
  const fail = (issue: z.core.$ZodIssue, prefix: readonly string[] = []): never => {
    const path = [...prefix, ...issue.path.map(String)];
    // Unknown keys are reported on the object that holds them, with the keys in `keys`.
    const keys = "keys" in issue && Array.isArray(issue.keys) ? issue.keys.map(String) : [];
    const field = keys.length > 0 ? [...path, keys[0]] : path;
    const layer = setBy.get(field.slice(0, 2).join(".")) ?? setBy.get(field[0] ?? "");
    const name = layer?.nameOf?.(field) ?? `field "${field.join(".")}"`;
    throw new ConfigError(layer ? `${layer.source}: ${name}` : name, issue.message);
  };
  const parsed = trainConfigSchema.safeParse(merged);
  if (!parsed.success) return fail(parsed.error.issues[0]!);
  const config = parsed.data;
  // The loss section is the loss's own options: its schema checks them and holds the defaults.
  const spec = algorithmOf(config.algo);
  const loss = spec.lossOptions.safeParse(config.loss);
  if (!loss.success) return fail(loss.error.issues[0]!, ["loss"]);
  // Likewise the estimator's options; an algorithm without an estimator takes none.
  const schema = spec.advantage?.schema ?? z.strictObject({});
  const advantage = schema.safeParse(config.advantage);
  if (!advantage.success) return fail(advantage.error.issues[0]!, ["advantage"]);
  return { ...config, loss: loss.data, advantage: advantage.data };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stripUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/**
 * Reads a JSON config file (`--config FILE` or a run's config.json) as a layer for
 * `resolveTrainConfig`; `option` is the flag that named it, for errors.
 *
 * @throws ConfigError when the file is missing or is not JSON
 */
export function readConfigFile(file: string, option = "--config"): ConfigLayer {
  if (!existsSync(file)) throw new ConfigError(option, `${file}: no such file`);
  let values: unknown;
  try {
    values = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(option, `${file}: not valid JSON (${(error as Error).message})`);
  }
  return { source: file, values };
}
