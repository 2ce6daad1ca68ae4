// report: the self-contained HTML report of runs and evaluations (reads run files; imports only core).
export type { EvalView } from "./build-report-model.js";
export { bootstrapInterval, type Interval, wilsonInterval } from "./confidence-interval.js";
export type { EnvironmentStatsFn, EnvironmentStatsView } from "./environment-stats-view.js";
export { formatEvalComparison } from "./format-eval-comparison.js";
export type { ReportInputSpec } from "./load-report-inputs.js";
export {
  type EpisodeSummary,
  type MetricEstimate,
  type MetricKind,
  summarizeEpisodes,
} from "./summarize-episodes.js";
export { type WriteReportOptions, type WriteReportResult, writeReport } from "./write-report.js";
