// datasets: loaders for GSM8K, MAWPS/ASDiv-A, ASDiv, SVAMP and BFCL, and where their data lives
// by default.
export {
  BFCL_CATEGORIES,
  BFCL_CATEGORY_GROUPS,
  BFCL_LIVE_CATEGORIES,
  BFCL_NON_LIVE_CATEGORIES,
  type BfclCategory,
  type BfclData,
  type BfclEntry,
  type BfclGroundTruthCall,
  type BfclSkippedEntry,
  bfclFileNames,
  findBfclCategories,
  hasGroundTruth,
  isBfclCategory,
  type LoadBfclOptions,
  loadBfcl,
} from "./bfcl/index.js";
export { defaultDataDir, packageRoot } from "./default-data-dir.js";
export { gsm8kFormula } from "./math/gsm8k-formula.js";
export { asdivFormula, type LoadAsdivOptions, loadAsdiv } from "./math/load-asdiv.js";
export { type LoadGsm8kOptions, loadGsm8k } from "./math/load-gsm8k.js";
export type { MathData, SkippedProblem } from "./math/load-math-data.js";
export {
  type LoadMathDataOptions,
  loadMathData,
  MATH_DATA_NAMES,
} from "./math/load-math-data.js";
export { type LoadMawpsOptions, loadMawps } from "./math/load-mawps.js";
export { type LoadSvampOptions, loadSvamp } from "./math/load-svamp.js";
