// datasets: loaders for GSM8K, MAWPS/ASDiv-A and BFCL, and where their data lives by default.
export {
  BFCL_CATEGORIES,
  type BfclCategory,
  hasGroundTruth,
  isBfclCategory,
} from "./bfcl/bfcl-category.js";
export type { BfclEntry, BfclGroundTruthCall } from "./bfcl/bfcl-entry.js";
export { type LoadBfclOptions, loadBfcl } from "./bfcl/load-bfcl.js";
export { defaultDataDir } from "./default-data-dir.js";
export { gsm8kFormula } from "./math/gsm8k-formula.js";
export { type LoadGsm8kOptions, loadGsm8k } from "./math/load-gsm8k.js";
export { type LoadMawpsOptions, loadMawps } from "./math/load-mawps.js";
export { packageRoot } from "./package-root.js";
