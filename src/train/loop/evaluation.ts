import { getLoss } from "../algorithms.js";
import { deriveSeed, itemsToStepBatch, RNG_STREAMS } from "./data.js";
import { type MetricsRecord, rolloutMetrics } from "./metrics.js";
import { forwardLogprobs, playEpisodes, rowsPerPass } from "./phases.js";
import type { Run } from "./run.js";

// Held-out evaluation of the current weights.

/** Whether the run has anything held out to evaluate on. */
export function hasHeldOut(run: Run): boolean {
  return run.data.evalEnvs.length > 0 || run.data.evalItems.length > 0;
}

/**
 * Held-out evaluation of the current weights, as one `eval` record of metrics.jsonl:
 *
 * - on the held-out environments (the first `evalLimit`), one episode each at
 *   `evalTemperature` (greedy by default): `eval_solve_f1`, `eval_answer_accuracy`,
 *   `eval_reward_mean`, … (see `rolloutMetrics`);
 * - on the held-out items, the algorithm's loss and its metrics, no update: `eval_loss` and
 *   e.g. `eval_nll` (sft on the test split's gold plans), `eval_rank_accuracy` (rrhf),
 *   `eval_reward_accuracy` (dpo).
 */
export async function evaluate(run: Run, step: number): Promise<MetricsRecord> {
  const { config, data, model } = run;
  const started = performance.now();
  const limit = <T>(xs: readonly T[]) =>
    config.evalLimit > 0 ? xs.slice(0, config.evalLimit) : xs;
  const metrics: Record<string, number> = {};
  if (data.evalEnvs.length > 0) {
    const { trajectories, sampledTokens } = await playEpisodes({
      model,
      tokenizer: run.tokenizer,
      records: limit(data.evalEnvs),
      samplesPerEnv: 1,
      sandbox: run.sandbox!,
      seed: deriveSeed(config.seed, RNG_STREAMS.eval, step),
      temperature: config.evalTemperature,
      maxNewTokens: config.maxNewTokens,
      maxTurns: config.maxTurns,
      concurrency: config.rolloutConcurrency,
    });
    for (const [key, value] of Object.entries(rolloutMetrics(trajectories))) {
      metrics[`eval_${key}`] = value;
    }
    metrics.eval_sampled_tokens = sampledTokens;
  }
  if (data.evalItems.length > 0) {
    const batch = itemsToStepBatch(limit(data.evalItems));
    const { B, T, mask, rewards, groups } = batch;
    // A training pass at a time: scoring never needs more memory than training.
    const rows = rowsPerPass(config, T);
    const logprobs = forwardLogprobs(model, batch, rows);
    const refLogprobs = run.reference && forwardLogprobs(run.reference, batch, rows);
    const loss = getLoss(config.algo)(
      { logprobs, B, T, mask, refLogprobs, rewards, groups },
      config.loss,
    );
    metrics.eval_loss = loss.loss;
    for (const [key, value] of Object.entries(loss.metrics)) metrics[`eval_${key}`] = value;
  }
  metrics.time_eval_s = (performance.now() - started) / 1000;
  return { step, kind: "eval", ...metrics };
}
