// The training loop: `train` (the step as a table of contents: rollout → reward → reference →
// advantage → loss → step → log → checkpoint), its config and flags, checkpoints, metrics.
export {
  type CheckpointEntry,
  initialTrainState,
  listCheckpoints,
  loadTrainCheckpoint,
  type SaveTrainCheckpointOptions,
  saveTrainCheckpoint,
  stepDirName,
  TRAIN_CHECKPOINT_FILES,
  type TrainCheckpoint,
  type TrainState,
  trainStateSchema,
} from "./checkpoints.js";
export {
  type ConfigLayer,
  readConfigFile,
  resolveTrainConfig,
  scratchModelSchema,
  scratchTokenizerSchema,
  type TrainConfig,
  type TrainConfigInput,
  trainConfigSchema,
} from "./config.js";
export {
  type DataCursor,
  deriveSeed,
  type FreshEnvironments,
  RNG_STREAMS,
  type TrainData,
  type TrainItem,
  takeBatch,
} from "./data.js";
export {
  resolveRunConfig,
  type TrainFlagSpec,
  type TrainFlags,
  trainFlagSpecs,
  trainFlagsLayer,
} from "./flags.js";
export {
  MetricsLog,
  type MetricsRecord,
  PhaseTimer,
  rolloutMetrics,
  TRAIN_PHASES,
  type TrainPhase,
} from "./metrics.js";
export { forwardLogprobs } from "./phases.js";
export { runFiles, snapshotModel } from "./run.js";
export { type TrainOptions, type TrainResult, train } from "./train.js";
