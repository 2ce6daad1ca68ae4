export * from "./confidence-interval.js";
export type { EnvironmentStatsFn, EnvironmentStatsView } from "./environment-stats-view.js";
export type { ReportInputSpec } from "./load-report-inputs.js";
export * from "./summarize-episodes.js";
export * from "./write-report.js";
