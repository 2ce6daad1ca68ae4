export * from "./format-metrics-table.js";
export * from "./summarize-trajectories.js";
