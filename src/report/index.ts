export type { EvalView } from "./build-report-model.js";
export * from "./confidence-interval.js";
export type { EnvironmentStatsFn, EnvironmentStatsView } from "./environment-stats-view.js";
export * from "./format-eval-comparison.js";
export type { ReportInputSpec } from "./load-report-inputs.js";
export * from "./summarize-episodes.js";
export * from "./write-report.js";
