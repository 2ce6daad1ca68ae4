export { bfclOracleCalls } from "./bfcl-oracle-calls.js";
export {
  type BfclCategoryResult,
  type BfclEntryResult,
  type BfclRunResult,
  formatBfclTable,
  summarizeBfcl,
} from "./bfcl-result.js";
export { type RunBfclOptions, runBfcl } from "./run-bfcl.js";
