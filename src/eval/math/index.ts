export { formatMathMetrics } from "./format-math-metrics.js";
export { mathOraclePolicy, NO_EQUATION_REPLY } from "./math-oracle-policy.js";
export {
  MATH_EXAMPLES,
  MATH_SYSTEM_PROMPTS,
  MATH_TOOL_FORMATS,
  type MathExample,
  type MathMessagesOptions,
  type MathToolFormat,
  mathMessages,
} from "./math-prompt.js";
export {
  type MathCall,
  MathCallSchema,
  type MathTrajectory,
  MathTrajectorySchema,
} from "./math-trajectory.js";
export { type MathEpisodeOptions, runMathEpisode } from "./run-math-episode.js";
export { type MathEvalResult, type RunMathEvalOptions, runMathEval } from "./run-math-eval.js";
export {
  type MathEvalSummary,
  type MathMetrics,
  summarizeMathEval,
} from "./summarize-math-eval.js";
