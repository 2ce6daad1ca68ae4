import { existsSync } from "node:fs";
import { join } from "node:path";
import { trainChatTokenizer } from "../../chat/index.js";
import { ConfigError, writeFileAtomic } from "../../core/index.js";
import {
  AdamW,
  Gpt,
  loadModel,
  type MatmulKernel,
  saveModel,
  type Tokenizer,
} from "../../model/index.js";
import { createSandbox, type Sandbox } from "../../sandbox/index.js";
import { algorithmOf } from "../algorithms.js";
import {
  initialTrainState,
  listCheckpoints,
  loadTrainCheckpoint,
  type TrainState,
} from "./checkpoints.js";
import type { TrainConfig } from "./config.js";
import {
  FreshEnvironmentReader,
  type FreshEnvironments,
  type RunRecords,
  readRunRecords,
  type TrainData,
  tokenizeRunData,
} from "./data.js";
import { MetricsLog } from "./metrics.js";

// Run setup: everything a run holds while it trains (model, tokenizer, optimizer, reference,
// data, sandbox, metrics log), opened fresh, from `init`, or from the newest checkpoint.

/** Everything a run holds while it trains. */
export interface Run {
  readonly config: TrainConfig;
  readonly out: string;
  readonly model: Gpt;
  readonly tokenizer: Tokenizer;
  readonly optimizer: AdamW;
  /** The frozen reference policy, when the algorithm uses one. */
  readonly reference: Gpt | undefined;
  readonly data: TrainData;
  /** New environments every step, when the caller gave a stream of them (`freshEnvs`). */
  readonly fresh: FreshEnvironmentReader | undefined;
  /** Runs the tools of rollouts and evaluations; undefined when no environment is played. */
  readonly sandbox: Sandbox | undefined;
  readonly metrics: MetricsLog;
  /** Where the run stands; the loop replaces it after every step. */
  state: TrainState;
  /** Whether this run continued from a checkpoint. */
  readonly resumedFrom: number | undefined;
  close(): void;
}

export interface OpenRunOptions {
  readonly config: TrainConfig;
  readonly out: string;
  /** Continue from the newest checkpoint in `out` (from step 0 when there is none yet). */
  readonly resume?: boolean;
  readonly kernel?: MatmulKernel;
  /** Train on these instead of `config.envs`' records (which still train a new tokenizer). */
  readonly freshEnvs?: FreshEnvironments;
}

/**
 * Sets a run up: the data, the model and tokenizer (from the newest checkpoint when resuming,
 * from `config.init`, or new — a tokenizer trained on the run's conversations and a randomly
 * initialized GPT), the optimizer (its moments restored on resume), the reference snapshot,
 * the metrics log; writes `out/config.json`.
 *
 * @throws ConfigError when `out` already holds a run and `resume` is not set
 */
export async function openRun({
  config,
  out,
  resume = false,
  kernel,
  freshEnvs,
}: OpenRunOptions): Promise<Run> {
  const files = runFiles(out);
  const latest = listCheckpoints(files.checkpoints).at(-1);
  if (latest !== undefined && !resume) {
    throw new ConfigError(
      "--out",
      `${out} already holds a run (${latest.dir}); pass --resume to continue it, or choose another directory`,
    );
  }
  const algo = algorithmOf(config.algo);
  const records = await readRunRecords(config);
  const betas = { beta1: config.adamBeta1, beta2: config.adamBeta2 };

  let model: Gpt;
  let tokenizer: Tokenizer;
  let optimizer: AdamW;
  let state: TrainState;
  if (latest !== undefined) {
    const checkpoint = await loadTrainCheckpoint(latest.dir, { kernel });
    ({ model, tokenizer, state } = checkpoint);
    if (state.algo !== config.algo) {
      throw new ConfigError(
        "--algo",
        `${latest.dir} was trained with ${state.algo}; resume it with --algo ${state.algo}`,
      );
    }
    optimizer = new AdamW({ model, ...betas, weightDecay: config.weightDecay });
    optimizer.m.set(checkpoint.moments.m);
    optimizer.v.set(checkpoint.moments.v);
    optimizer.stepCount = state.optimizerSteps;
  } else {
    ({ model, tokenizer } = await initialModel(config, records, kernel));
    optimizer = new AdamW({ model, ...betas, weightDecay: config.weightDecay });
    state = initialTrainState(config.algo, config.seed);
  }

  let reference: Gpt | undefined;
  if (algo.needsReference(config)) {
    if (latest !== undefined && existsSync(files.reference)) {
      reference = (await loadModel(files.reference, { kernel })).model;
    } else {
      // The policy before its first update. Saved, so a resumed run compares to the same one.
      reference = snapshotModel(model);
      await saveModel(files.reference, reference, { tokenizer });
    }
  }

  const data = tokenizeRunData({ records, tokenizer, ctx: model.config.ctx });
  if (algo.data === "rollouts" && data.envs.length === 0) {
    throw new ConfigError("--envs", `${config.algo} plays environments: give a file of them`);
  }
  if (algo.data !== "rollouts" && data.items.length === 0) {
    throw new ConfigError(
      config.data === undefined ? "--envs" : "--data",
      `no ${config.algo} training example fits the context of ${model.config.ctx} tokens` +
        (data.dropped.items > 0 ? ` (${data.dropped.items} too long)` : ""),
    );
  }
  const fresh = freshEnvs === undefined ? undefined : new FreshEnvironmentReader(freshEnvs);
  const playsEnvironments =
    algo.data === "rollouts" || data.evalEnvs.length > 0 || fresh !== undefined;
  const sandbox = playsEnvironments ? await createSandbox() : undefined;
  writeFileAtomic(files.config, `${JSON.stringify(config, null, 2)}\n`);
  const metrics = new MetricsLog(files.metrics, {
    resumeFromStep: latest === undefined ? undefined : state.step,
  });
  return {
    config,
    out,
    model,
    tokenizer,
    optimizer,
    reference,
    data,
    fresh,
    sandbox,
    metrics,
    state,
    resumedFrom: latest?.step,
    close() {
      metrics.close();
      sandbox?.dispose();
    },
  };
}

/** `config.init`'s weights and tokenizer, or a new tokenizer and a randomly initialized GPT. */
async function initialModel(
  config: TrainConfig,
  records: RunRecords,
  kernel: MatmulKernel | undefined,
): Promise<{ model: Gpt; tokenizer: Tokenizer }> {
  if (config.init !== undefined) {
    const { model, tokenizer } = await loadModel(config.init, { kernel });
    if (tokenizer === undefined) {
      throw new ConfigError("--init", `${config.init} has no tokenizer.json`);
    }
    return { model, tokenizer };
  }
  const tokenizer = trainChatTokenizer({
    conversations: records.conversations,
    vocabSize: config.tokenizer.vocabSize,
    spaces: config.tokenizer.spaces,
    digits: config.tokenizer.digits,
  });
  const { ctx, dModel, nLayer, nHead, smearKeys, copyHead, initSeed } = config.model;
  const { copyKeyNext, copyMatch, copyGatePointed } = config.model;
  const model = new Gpt({
    config: {
      vocabSize: tokenizer.vocabSize,
      ctx,
      dModel,
      nLayer,
      nHead,
      smearKeys,
      copyHead,
      ...(copyHead && copyKeyNext ? { copyKeyNext } : {}),
      ...(copyHead && copyMatch > 0 ? { copyMatch } : {}),
      ...(copyHead && copyGatePointed ? { copyGatePointed } : {}),
    },
    kernel,
    seed: initSeed,
  });
  return { model, tokenizer };
}

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

/**
 * A frozen copy of `model`'s current weights — the reference policy of the KL terms and of
 * DPO. It shares nothing with `model` (its own arena), so later updates never reach it.
 */
export function snapshotModel(model: Gpt): Gpt {
  return new Gpt({ config: model.config, kernel: model.kernel, params: model.params });
}
