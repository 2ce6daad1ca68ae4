// rollout: the agent loop policy ↔ environment, concurrent episodes, trajectory records and
// their summary (the metrics of `toolgym eval` and of training rollouts).
export { boundCallArguments, MAX_ARGUMENT_DEPTH } from "./bound-call-arguments.js";
export { EnvironmentLoadError } from "./environment-load-error.js";
export {
  prepareResumableJsonl,
  type ResumableJsonl,
  type SetAsideLine,
} from "./resumable-jsonl.js";
export { type Episode, type EpisodeOptions, runEpisode } from "./run-episode.js";
export { type RolloutOptions, type RolloutResult, runRollouts } from "./run-rollouts.js";
export { scoreEpisode } from "./score-episode.js";
export { stitchTurnTokens } from "./stitch-turn-tokens.js";
export {
  type MetricsReport,
  summarizeTrajectories,
  type TrajectorySummary,
  trajectorySummary,
} from "./summarize-trajectories.js";
export { TokenChainError } from "./token-chain-error.js";
