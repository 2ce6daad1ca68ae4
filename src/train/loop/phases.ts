import type { EnvironmentRecord, Trajectory } from "../../core/index.js";
import { clipGradNorm, type Gpt, type Tokenizer, warmupCosineLr } from "../../model/index.js";
import { createBuiltinPolicy } from "../../policy/index.js";
import { runRollouts } from "../../rollout/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { AdvantageResult } from "../advantages/index.js";
import { algorithmOf, getLoss } from "../algorithms.js";
import { fitsContext, sftFromEnvironments, sftSequence, type TrainBatch } from "../data/index.js";
import type { LossResult } from "../losses/index.js";
import type { TrainConfig } from "./config.js";
import {
  copyWarmupBatch,
  type DataCursor,
  deriveSeed,
  itemsToStepBatch,
  RNG_STREAMS,
  type StepBatch,
  type TrainItem,
  takeBatch,
  trajectoriesToStepBatch,
} from "./data.js";
import { rolloutMetrics } from "./metrics.js";
import { gatherValues, type MicroBatch, planMicroBatches, scatterRows } from "./micro-batches.js";
import type { Run } from "./run.js";

// The phases of one training step, in the order `train` runs them: rollout (collect the step's
// sequences) → reward → reference → advantage → loss → step. Each is a small function of the run
// and what the phases before it produced.

export interface CollectedBatch {
  readonly batch: StepBatch;
  /** The episodes played, for on-policy algorithms. */
  readonly trajectories: readonly Trajectory[] | undefined;
  /** Tokens sampled while playing them. */
  readonly sampledTokens: number | undefined;
  /** The data cursor after this step. */
  readonly cursor: DataCursor;
}

/**
 * The rollout phase: the sequences step `step` trains on. On-policy algorithms take the next
 * `batchSize` environments (epochs of a seeded shuffle) and play each `groupSize` times with
 * the current weights at `temperature`; offline algorithms take the next `batchSize` items of
 * their prepared data the same way.
 */
export async function collectStepBatch(run: Run, step: number): Promise<CollectedBatch> {
  const { config, data, state } = run;
  const algo = algorithmOf(config.algo);
  const online = algo.data === "rollouts";
  if (inCopyWarmup(config, step)) {
    const batch = copyWarmupBatch({
      pieces: data.copyPieces,
      tokenizer: run.tokenizer,
      batchSize: config.batchSize,
      ctx: run.model.config.ctx,
      seed: config.seed,
      step,
    });
    return { batch, trajectories: undefined, sampledTokens: undefined, cursor: state.dataCursor };
  }
  if (run.fresh !== undefined && !online) return freshSftBatch(run);
  let records: EnvironmentRecord[];
  let cursor: DataCursor;
  if (run.fresh !== undefined) {
    ({ records, cursor } = await run.fresh.take(state.dataCursor, config.batchSize));
  } else {
    const taken = takeBatch({
      cursor: state.dataCursor,
      count: config.batchSize,
      size: online ? data.envs.length : data.items.length,
      seed: config.seed,
    });
    cursor = taken.cursor;
    if (!online) {
      const batch = itemsToStepBatch(taken.indices.map((i) => data.items[i]));
      return { batch, trajectories: undefined, sampledTokens: undefined, cursor };
    }
    records = taken.indices.map((i) => data.envs[i]);
  }
  const { trajectories, sampledTokens } = await playEpisodes({
    model: run.model,
    tokenizer: run.tokenizer,
    records,
    samplesPerEnv: config.groupSize,
    sandbox: run.sandbox!,
    seed: deriveSeed(config.seed, RNG_STREAMS.sampling, step),
    temperature: config.temperature,
    maxNewTokens: config.maxNewTokens,
    maxTurns: config.maxTurns,
    concurrency: config.rolloutConcurrency,
  });
  const batch = trajectoriesToStepBatch(trajectories, config.groupSize, config.answerReward);
  return { batch, trajectories, sampledTokens, cursor };
}

/**
 * Whether step `step` (0-based) of a run is one of its copy warm-up steps: the first
 * `copyWarmupSteps` of an sft run from scratch train on echo examples (`copyWarmupBatch`).
 */
export function inCopyWarmup(config: TrainConfig, step: number): boolean {
  return config.algo === "sft" && config.init === undefined && step < config.copyWarmupSteps;
}

/**
 * `batchSize` sft sequences from the next fresh environments: each one's gold plan played by
 * the oracle (tools executed), tokenized; an environment whose conversation does not fit the
 * context is passed over and the next one taken.
 */
async function freshSftBatch(run: Run): Promise<CollectedBatch> {
  const { config } = run;
  const items: TrainItem[] = [];
  let cursor = run.state.dataCursor;
  while (items.length < config.batchSize) {
    const taken = await run.fresh!.take(cursor, config.batchSize - items.length);
    cursor = taken.cursor;
    const { examples } = await sftFromEnvironments({
      records: taken.records,
      sandbox: run.sandbox,
    });
    for (const example of examples) {
      const sequence = sftSequence(example, { tokenizer: run.tokenizer });
      if (fitsContext(sequence, run.model.config.ctx)) items.push({ sequences: [sequence] });
    }
  }
  return {
    batch: itemsToStepBatch(items),
    trajectories: undefined,
    sampledTokens: undefined,
    cursor,
  };
}

export interface PlayEpisodesOptions {
  readonly model: Gpt;
  readonly tokenizer: Tokenizer;
  readonly records: readonly EnvironmentRecord[];
  /** Episodes per record (a GRPO group). */
  readonly samplesPerEnv: number;
  readonly sandbox: Sandbox;
  readonly seed: number;
  readonly temperature: number;
  readonly maxNewTokens: number;
  readonly maxTurns: number;
  readonly concurrency: number;
}

export interface PlayedEpisodes {
  /** Record i's samples at rows i·samplesPerEnv … (i+1)·samplesPerEnv − 1. */
  readonly trajectories: Trajectory[];
  /** Tokens sampled (every turn, every episode). */
  readonly sampledTokens: number;
}

/**
 * Plays the current weights of `model` — the built-in policy, tools executed in the sandbox —
 * `samplesPerEnv` times in each record, and returns the trajectories (with their sampled
 * tokens) in a fixed order whatever order the episodes finished in. Concurrent episodes are
 * sampled in micro-batches; with the same seed and the same records the batches, and so the
 * samples, are the same.
 */
export async function playEpisodes({
  model,
  tokenizer,
  records,
  samplesPerEnv,
  sandbox,
  seed,
  temperature,
  maxNewTokens,
  maxTurns,
  concurrency,
}: PlayEpisodesOptions): Promise<PlayedEpisodes> {
  // A record drawn twice in one batch (a batch across an epoch boundary) plays under a
  // distinct id, so that every episode has its own place.
  const seen = new Map<string, number>();
  const played = records.map((record) => {
    const n = (seen.get(record.id) ?? 0) + 1;
    seen.set(record.id, n);
    return n === 1 ? record : { ...record, id: `${record.id}~${n}` };
  });
  const policy = createBuiltinPolicy({
    model,
    tokenizer,
    seed,
    temperature,
    maxNewTokens,
    maxBatch: concurrency,
  });
  const { trajectories } = await runRollouts({
    records: played,
    policy,
    sandbox,
    samplesPerEnv,
    concurrency,
    maxTurns,
  });
  const place = new Map<string, number>();
  played.forEach((record, i) => {
    for (let k = 0; k < samplesPerEnv; k++) {
      place.set(samplesPerEnv === 1 ? record.id : `${record.id}#${k}`, i * samplesPerEnv + k);
    }
  });
  const ordered = [...trajectories].sort((a, b) => place.get(a.id)! - place.get(b.id)!);
  return { trajectories: ordered, sampledTokens: policy.stats.sampledTokens };
}

export interface Rewards {
  /** @param rewards (B) per sequence, when the algorithm uses them */
  readonly rewards: Float32Array | undefined;
  /** Means over the step's rollouts (reward, Solve-P/R/F1, answer accuracy, …). */
  readonly metrics: Record<string, number>;
}

/**
 * The rewards of the step's sequences. For rollouts the verifiable reward was scored as each
 * episode ended (Solve-P · Solve-R from the call log, `scoreEpisode`); here it is read out and
 * summarized. For rrhf candidates it is their execution score; sft and dpo have none.
 */
export function rewardPhase(
  batch: StepBatch,
  trajectories: readonly Trajectory[] | undefined,
): Rewards | undefined {
  if (batch.rewards === undefined && trajectories === undefined) return undefined;
  return {
    rewards: batch.rewards,
    metrics: trajectories === undefined ? {} : rolloutMetrics(trajectories),
  };
}

/**
 * @returns (B, T) log-probs of the frozen reference policy, when the run keeps one: a forward
 * without backward, a quarter of a training pass at a time (its activations are not kept, so
 * its arena need not be as large as the policy's).
 */
export function referencePhase(run: Run, batch: StepBatch): Float32Array | undefined {
  const rows = Math.max(1, Math.floor(rowsPerPass(run.config, batch.T) / 4));
  return run.reference && forwardLogprobs(run.reference, batch, rows);
}

/** The algorithm's advantage estimator, for on-policy algorithms. */
export function advantagePhase(
  run: Run,
  batch: StepBatch,
  rewards: Rewards | undefined,
  refLogprobs: Float32Array | undefined,
): AdvantageResult | undefined {
  const algo = algorithmOf(run.config.algo);
  if (algo.advantage === undefined) return undefined;
  const { mask, B, T, groups, logprobs: oldLogprobs } = batch;
  return algo.advantage.estimate(
    { rewards: rewards!.rewards!, mask, B, T, groups, oldLogprobs, refLogprobs },
    run.config.advantage,
  );
}

/** The loss of a step, and the passes its log-probs were computed in. */
export interface StepLoss extends LossResult {
  /**
   * The forward passes over the batch (`planMicroBatches`), the last one's activations still in
   * the model for `optimizerStep`'s backward.
   */
  readonly passes: readonly MicroBatch[];
}

/**
 * A forward over the step's sequences with the current weights → per-token log-probs → the
 * algorithm's pure loss and its gradient with respect to those log-probs. The batch is cut into
 * passes of at most `microBatchPositions` padded positions (`planMicroBatches`: rows of like
 * length together, each pass padded to its own longest row); the last pass's activations stay
 * in the model for `optimizerStep`'s backward.
 */
export function lossPhase(
  run: Run,
  batch: StepBatch,
  rewards: Rewards | undefined,
  refLogprobs: Float32Array | undefined,
  advantage: AdvantageResult | undefined,
): StepLoss {
  const { model, config } = run;
  const { mask, B, T, groups } = batch;
  const passes = planMicroBatches(batch, config.microBatchPositions);
  const logprobs = new Float32Array(B * T);
  for (const pass of passes) scatterRows(pass, model.forward(pass).logprobs, logprobs, T);
  const loss = getLoss(config.algo)(
    {
      logprobs,
      B,
      T,
      mask,
      refLogprobs,
      // The log-probs the tokens were sampled with: the behaviour policy of the ratio.
      oldLogprobs: batch.logprobs,
      advantages: advantage?.advantages,
      rewards: rewards?.rewards,
      groups,
    },
    config.loss,
  );
  return { ...loss, passes };
}

/**
 * Backward of the loss gradient, clipping, one AdamW update at the step's learning rate. The
 * last pass of `lossPhase` is back-propagated at once (its activations are still in the model);
 * every other pass after a forward again (gradient accumulation: the gradients add up to the
 * whole batch's). Must follow `lossPhase` with no other forward of the model in between.
 */
export function optimizerStep(
  run: Run,
  batch: StepBatch,
  loss: StepLoss,
  step: number,
): { lr: number; gradNorm: number } {
  const { model, optimizer, config } = run;
  const { passes, grad } = loss;
  model.zeroGrad();
  model.backward(gatherValues(passes.at(-1)!, grad, batch.T));
  for (const pass of passes.slice(0, -1)) {
    model.forward(pass);
    model.backward(gatherValues(pass, grad, batch.T));
  }
  const gradNorm = clipGradNorm(model.grads, config.gradClip > 0 ? config.gradClip : Infinity);
  const lr = warmupCosineLr({
    step,
    maxLr: config.lr,
    minLr: config.minLr,
    warmupSteps: config.warmupSteps,
    totalSteps: config.steps,
  });
  optimizer.step({ lr });
  return { lr, gradNorm };
}

/** Sequences of length T one forward/backward pass may hold (`microBatchPositions`). */
export function rowsPerPass(config: TrainConfig, T: number): number {
  return Math.max(1, Math.floor(config.microBatchPositions / T));
}

/**
 * Per-token log-probs of `batch` under `model`, forward only, in passes of at most
 * `rowsPerForward` × T padded positions (`planMicroBatches`: rows of like length together), so
 * that scoring many sequences (a reference pass, a held-out evaluation) never holds more
 * activations than one training batch. Rows are independent: the passes change at most the
 * rounding.
 *
 * @returns (B, T) log p(target | prefix); 0 where the mask is 0
 */
export function forwardLogprobs(
  model: Gpt,
  batch: TrainBatch,
  rowsPerForward: number = batch.B,
): Float32Array {
  const { B, T } = batch;
  const out = new Float32Array(B * T);
  for (const pass of planMicroBatches(batch, Math.max(1, rowsPerForward) * T)) {
    scatterRows(pass, model.forward(pass).logprobs, out, T);
  }
  return out;
}
