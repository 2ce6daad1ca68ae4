import type { Trajectory } from "../../core/index.js";
import { ALGORITHMS, type AlgorithmSpec } from "./algorithms.js";
import { deriveSeed, RNG_STREAMS } from "./derive-seed.js";
import type { Run } from "./open-run.js";
import { playEpisodes } from "./play-episodes.js";
import { itemsToStepBatch, type StepBatch, trajectoriesToStepBatch } from "./step-batch.js";
import { type DataCursor, takeBatch } from "./take-batch.js";

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
  const algo: AlgorithmSpec = ALGORITHMS[config.algo];
  const online = algo.data === "rollouts";
  const { indices, cursor } = takeBatch({
    cursor: state.dataCursor,
    count: config.batchSize,
    size: online ? data.envs.length : data.items.length,
    seed: config.seed,
  });
  if (!online) {
    const batch = itemsToStepBatch(indices.map((i) => data.items[i]));
    return { batch, trajectories: undefined, sampledTokens: undefined, cursor };
  }
  const { trajectories, sampledTokens } = await playEpisodes({
    model: run.model,
    tokenizer: run.tokenizer,
    records: indices.map((i) => data.envs[i]),
    samplesPerEnv: config.groupSize,
    sandbox: run.sandbox!,
    seed: deriveSeed(config.seed, RNG_STREAMS.sampling, step),
    temperature: config.temperature,
    maxNewTokens: config.maxNewTokens,
    maxTurns: config.maxTurns,
    concurrency: config.rolloutConcurrency,
  });
  const batch = trajectoriesToStepBatch(trajectories, config.groupSize);
  return { batch, trajectories, sampledTokens, cursor };
}
