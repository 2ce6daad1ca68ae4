// The training loop: config, the loop and its phases, checkpoints, metrics.
export { ALGORITHMS, type AlgorithmSpec } from "./algorithms.js";
export { deriveSeed, RNG_STREAMS } from "./derive-seed.js";
export { forwardLogprobs } from "./forward-logprobs.js";
export { type CheckpointEntry, listCheckpoints } from "./list-checkpoints.js";
export { loadTrainCheckpoint, type TrainCheckpoint } from "./load-train-checkpoint.js";
export { MetricsLog, type MetricsRecord } from "./metrics-log.js";
export { PhaseTimer, TRAIN_PHASES, type TrainPhase } from "./phase-timer.js";
export { readConfigFile } from "./read-config-file.js";
export { type ConfigLayer, resolveTrainConfig } from "./resolve-train-config.js";
export { rolloutMetrics } from "./rollout-metrics.js";
export { runFiles } from "./run-files.js";
export { type SaveTrainCheckpointOptions, saveTrainCheckpoint } from "./save-train-checkpoint.js";
export { snapshotModel } from "./snapshot-model.js";
export { type DataCursor, takeBatch } from "./take-batch.js";
export { type TrainOptions, type TrainResult, train } from "./train.js";
export { stepDirName, TRAIN_CHECKPOINT_FILES } from "./train-checkpoint-files.js";
export {
  scratchModelSchema,
  scratchTokenizerSchema,
  TRAIN_ALGOS,
  type TrainAlgo,
  type TrainConfig,
  type TrainConfigInput,
  trainConfigSchema,
} from "./train-config.js";
export type { TrainData, TrainItem } from "./train-data.js";
export { resolveRunConfig, type TrainFlags, trainFlagsLayer } from "./train-flags.js";
export { initialTrainState, type TrainState, trainStateSchema } from "./train-state.js";
