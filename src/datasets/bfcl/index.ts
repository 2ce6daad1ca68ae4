export {
  BFCL_CATEGORIES,
  BFCL_CATEGORY_GROUPS,
  BFCL_LIVE_CATEGORIES,
  BFCL_NON_LIVE_CATEGORIES,
  type BfclCategory,
  bfclFileNames,
  hasGroundTruth,
  isBfclCategory,
} from "./bfcl-category.js";
export type { BfclEntry, BfclGroundTruthCall, BfclSkippedEntry } from "./bfcl-entry.js";
export { type BfclData, findBfclCategories, type LoadBfclOptions, loadBfcl } from "./load-bfcl.js";
