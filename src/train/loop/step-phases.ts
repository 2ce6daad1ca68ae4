import type { Trajectory } from "../../core/index.js";
import { clipGradNorm, warmupCosineLr } from "../../model/index.js";
import type { AdvantageResult } from "../advantages/index.js";
import { getLoss, type LossResult } from "../losses/index.js";
import { ALGORITHMS, type AlgorithmSpec } from "./algorithms.js";
import { forwardLogprobs } from "./forward-logprobs.js";
import type { Run } from "./open-run.js";
import { rolloutMetrics } from "./rollout-metrics.js";
import type { StepBatch } from "./step-batch.js";
import type { TrainConfig } from "./train-config.js";

// The phases of one training step, in the order `train` runs them. Each is a small function of
// the run and what the phases before it produced.

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
  const algo: AlgorithmSpec = ALGORITHMS[run.config.algo];
  if (algo.advantage === undefined) return undefined;
  const { mask, B, T, groups, logprobs: oldLogprobs } = batch;
  return algo.advantage.estimate(
    { rewards: rewards!.rewards!, mask, B, T, groups, oldLogprobs, refLogprobs },
    run.config.advantage,
  );
}

/**
 * A forward over the step's sequences with the current weights → per-token log-probs → the
 * algorithm's pure loss and its gradient with respect to those log-probs. When the batch fits
 * one pass (`microBatchPositions`) the model keeps this forward's activations for
 * `optimizerStep`'s backward; otherwise the log-probs are scored micro-batch by micro-batch.
 */
export function lossPhase(
  run: Run,
  batch: StepBatch,
  rewards: Rewards | undefined,
  refLogprobs: Float32Array | undefined,
  advantage: AdvantageResult | undefined,
): LossResult {
  const { model, config } = run;
  const { mask, B, T, groups } = batch;
  const rows = rowsPerPass(config, T);
  const logprobs = rows >= B ? model.forward(batch).logprobs : forwardLogprobs(model, batch, rows);
  return getLoss(config.algo)(
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
}

/**
 * Backward of the loss gradient, clipping, one AdamW update at the step's learning rate. A
 * batch cut into micro-batches is back-propagated one at a time, each after its own forward
 * again (gradient accumulation: the gradients add up to the whole batch's).
 */
export function optimizerStep(
  run: Run,
  batch: StepBatch,
  grad: Float32Array,
  step: number,
): { lr: number; gradNorm: number } {
  const { model, optimizer, config } = run;
  const { B, T } = batch;
  const rows = rowsPerPass(config, T);
  model.zeroGrad();
  if (rows >= B) {
    model.backward(grad);
  } else {
    for (let start = 0; start < B; start += rows) {
      const n = Math.min(rows, B - start);
      const span = [start * T, (start + n) * T] as const;
      model.forward({
        tokens: batch.tokens.subarray(...span),
        targets: batch.targets.subarray(...span),
        mask: batch.mask.subarray(...span),
        B: n,
        T,
      });
      model.backward(grad.subarray(...span));
    }
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
