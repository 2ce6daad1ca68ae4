import type { AdvantageResult } from "../advantages/index.js";
import type { LossResult } from "../losses/index.js";
import type { MetricsRecord } from "./metrics-log.js";
import type { PhaseTimer } from "./phase-timer.js";
import type { Rewards } from "./step-phases.js";

/**
 * The `train` record of one step in metrics.jsonl: the loss and its metrics (KL, clip
 * fraction, ranking accuracy…), the estimator's as `adv_*`, the rollouts' as `rollout_*`
 * (reward, Solve-F1, answer accuracy), and each phase's wall time and tokens/s.
 */
export function trainRecord({
  step,
  loss,
  lr,
  gradNorm,
  sequences,
  trainedTokens,
  advantage,
  rewards,
  sampledTokens,
  timer,
  elapsedSeconds,
}: {
  step: number;
  loss: LossResult;
  lr: number;
  gradNorm: number;
  sequences: number;
  trainedTokens: number;
  advantage: AdvantageResult | undefined;
  rewards: Rewards | undefined;
  sampledTokens: number | undefined;
  timer: PhaseTimer;
  elapsedSeconds: number;
}): MetricsRecord {
  return {
    step,
    kind: "train",
    loss: loss.loss,
    lr,
    grad_norm: gradNorm,
    sequences,
    trained_tokens: trainedTokens,
    ...loss.metrics,
    ...prefixed("adv_", advantage?.metrics),
    ...prefixed("rollout_", rewards?.metrics),
    ...(sampledTokens === undefined ? {} : { sampled_tokens: sampledTokens }),
    ...timer.metrics(),
    elapsed_s: elapsedSeconds,
  };
}

function prefixed(prefix: string, metrics: Record<string, number> | undefined) {
  return Object.fromEntries(Object.entries(metrics ?? {}).map(([k, v]) => [prefix + k, v]));
}
