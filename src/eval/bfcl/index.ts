export * from "./bfcl-oracle-calls.js";
export * from "./bfcl-result.js";
export * from "./format-bfcl-table.js";
export * from "./run-bfcl.js";
export * from "./summarize-bfcl.js";
