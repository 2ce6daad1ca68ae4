// eval: the metrics table of `toolgym eval` (the benchmark runs are in ./bfcl).
export { formatMetricsTable, METRICS_LEGEND } from "./format-metrics-table.js";
