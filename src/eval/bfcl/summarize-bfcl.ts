import { BFCL_CATEGORIES, type BfclCategory } from "../../datasets/index.js";
import type { BfclCategoryResult, BfclEntryResult, BfclRunResult } from "./bfcl-result.js";

/** Accuracy per category and overall from entry verdicts. */
export function summarizeBfcl(policy: string, entries: readonly BfclEntryResult[]): BfclRunResult {
  const categories: Partial<Record<BfclCategory, BfclCategoryResult>> = {};
  for (const category of BFCL_CATEGORIES) {
    const mine = entries.filter((entry) => entry.category === category);
    if (mine.length === 0) continue;
    const errors: BfclCategoryResult["errors"] = {};
    for (const { reason } of mine)
      if (reason !== undefined) errors[reason] = (errors[reason] ?? 0) + 1;
    const correct = mine.filter((entry) => entry.correct).length;
    categories[category] = { total: mine.length, correct, accuracy: correct / mine.length, errors };
  }
  const accuracies = Object.values(categories).map((c) => c.accuracy);
  const correct = entries.filter((entry) => entry.correct).length;
  return {
    policy,
    categories,
    overall: {
      total: entries.length,
      correct,
      accuracy: entries.length === 0 ? 0 : correct / entries.length,
      meanAccuracy:
        accuracies.length === 0 ? 0 : accuracies.reduce((sum, a) => sum + a, 0) / accuracies.length,
    },
    entries: [...entries],
  };
}
