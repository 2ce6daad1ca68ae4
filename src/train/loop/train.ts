import type { MatmulKernel } from "../../model/index.js";
import { saveTrainCheckpoint } from "./checkpoints.js";
import type { TrainConfig } from "./config.js";
import type { FreshEnvironments } from "./data.js";
import { evaluate, hasHeldOut } from "./evaluation.js";
import { type MetricsRecord, PhaseTimer, trainRecord } from "./metrics.js";
import {
  advantagePhase,
  collectStepBatch,
  inCopyWarmup,
  lossPhase,
  optimizerStep,
  referencePhase,
  rewardPhase,
} from "./phases.js";
import { openRun, runFiles } from "./run.js";

export interface TrainOptions {
  /** The resolved config (`resolveTrainConfig`). */
  readonly config: TrainConfig;
  /** The run's directory: config.json, metrics.jsonl, checkpoints/step-N, reference/. */
  readonly out: string;
  /** Continue from the newest checkpoint in `out`, bit-identically. */
  readonly resume?: boolean;
  /**
   * Stop after this step (checkpointing it) instead of `config.steps`: one run in pieces, each
   * continued with `resume`. The learning-rate schedule still spans `config.steps`.
   */
  readonly stopAt?: number;
  /** Every metrics record as it is logged (a progress display). */
  readonly onLog?: (record: MetricsRecord) => void;
  /** Checked between steps: an abort stops the run after the step in flight. */
  readonly signal?: AbortSignal;
  readonly kernel?: MatmulKernel;
  /**
   * New environments to train on every step instead of `config.envs`' (rollouts, or sft on
   * their gold plans); `config.envs` still trains a new tokenizer. The CLI makes one from the
   * training file's build options when `config.freshEnvs` is on.
   */
  readonly freshEnvs?: FreshEnvironments;
}

export interface TrainResult {
  /** Optimizer steps completed. */
  readonly step: number;
  /** The last checkpoint written by this call. */
  readonly checkpoint: string | undefined;
  readonly lastTrain: MetricsRecord | undefined;
  readonly lastEval: MetricsRecord | undefined;
  /** The step this call continued from, when it resumed a run. */
  readonly resumedFrom: number | undefined;
}

/**
 * Trains the built-in model with `config.algo`. Each step, top to bottom:
 *
 *   rollout    the step's sequences: on-policy algorithms play `groupSize` episodes per prompt
 *              with the current weights, tools executed; offline ones take their next items
 *   reward     each sequence's verifiable reward (rollouts) or execution score (rrhf)
 *   reference  log-probs of the frozen reference policy, when a KL term or DPO needs them
 *   advantage  the algorithm's estimator (grpo: group-relative; reinforce-pp: global)
 *   loss       forward → per-token log-probs → the pure loss and its gradient
 *   step       backward, clipping, AdamW at the warm-up + cosine learning rate
 *   log        metrics.jsonl and `onLog`; held-out evaluation every `evalInterval` steps
 *   checkpoint every `checkpointInterval` steps and at the end, atomically
 *
 * Every random draw derives from `config.seed` and the step (`deriveSeed`, data.ts): the same config
 * gives the same run, and `resume` continues one bit for bit.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { config, out, onLog, signal } = options;
  const stopAt = Math.min(options.stopAt ?? config.steps, config.steps);
  const run = await openRun(options);
  const log = (record: MetricsRecord) => {
    run.metrics.append(record);
    onLog?.(record);
  };
  let lastTrain: MetricsRecord | undefined;
  let lastEval: MetricsRecord | undefined;
  let checkpoint: string | undefined;
  try {
    if (run.resumedFrom === undefined && hasHeldOut(run)) {
      lastEval = await evaluate(run, 0);
      log(lastEval);
    }
    while (run.state.step < stopAt) {
      signal?.throwIfAborted();
      const step = run.state.step;
      const timer = new PhaseTimer();
      const started = performance.now();

      const rollout = await timer.timeAsync(
        "rollout",
        () => collectStepBatch(run, step),
        (r) => r.sampledTokens, // offline: reading prepared data, no throughput to speak of
      );
      const { batch, trajectories } = rollout;
      const rewards = timer.time("reward", () => rewardPhase(batch, trajectories));
      const refLogprobs = timer.time(
        "reference",
        () => referencePhase(run, batch),
        batch.positions,
      );
      const advantage = timer.time("advantage", () =>
        advantagePhase(run, batch, rewards, refLogprobs),
      );
      const loss = timer.time(
        "loss",
        () => lossPhase(run, batch, rewards, refLogprobs, advantage),
        batch.positions,
      );
      const { lr, gradNorm } = timer.time(
        "step",
        () => optimizerStep(run, batch, loss.grad, step),
        batch.positions,
      );
      const trainedTokens = countNonZero(batch.mask);
      // The step is done: where the run stands now is what a checkpoint saves.
      run.state = {
        ...run.state,
        step: step + 1,
        optimizerSteps: run.optimizer.stepCount,
        rng: { ...run.state.rng, nextStep: step + 1 },
        dataCursor: rollout.cursor,
        tokensSeen: run.state.tokensSeen + trainedTokens,
        elapsedSeconds: run.state.elapsedSeconds + (performance.now() - started) / 1000,
      };
      const done = run.state.step;

      // log (and evaluate held-out data when due)
      if (isDue(done, config.logInterval, stopAt)) {
        lastTrain = trainRecord({
          step: done,
          loss,
          lr,
          gradNorm,
          sequences: batch.B,
          trainedTokens,
          advantage,
          rewards,
          sampledTokens: rollout.sampledTokens,
          timer,
          elapsedSeconds: run.state.elapsedSeconds,
        });
        if (inCopyWarmup(config, step)) lastTrain = { ...lastTrain, copy_warmup: 1 };
        log(lastTrain);
      }
      if (hasHeldOut(run) && isDue(done, config.evalInterval, config.steps)) {
        lastEval = await evaluate(run, done);
        log(lastEval);
      }

      // checkpoint
      if (isDue(done, config.checkpointInterval, stopAt)) {
        checkpoint = await saveTrainCheckpoint({
          checkpointsDir: runFiles(out).checkpoints,
          model: run.model,
          tokenizer: run.tokenizer,
          optimizer: run.optimizer,
          state: run.state,
          keep: config.keepCheckpoints,
        });
      }
    }
  } finally {
    run.close();
  }
  return { step: run.state.step, checkpoint, lastTrain, lastEval, resumedFrom: run.resumedFrom };
}

/** Whether `step` is one of every `interval` steps (0: none) or the `last`. */
function isDue(step: number, interval: number, last: number): boolean {
  return step === last || (interval > 0 && step % interval === 0);
}

function countNonZero(mask: Float32Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) n++;
  return n;
}
