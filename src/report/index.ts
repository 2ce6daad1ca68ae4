// report: the self-contained HTML report of runs and evaluations (reads run files; imports only core).
export type { EvalView } from "./build-report-model.js";
export * from "./confidence-interval.js";
export type { EnvironmentStatsFn, EnvironmentStatsView } from "./environment-stats-view.js";
export * from "./format-eval-comparison.js";
export type { ReportInputSpec } from "./load-report-inputs.js";
export {
  type EpisodeSummary,
  type MetricEstimate,
  type MetricKind,
  summarizeEpisodes,
} from "./summarize-episodes.js";
export * from "./write-report.js";
