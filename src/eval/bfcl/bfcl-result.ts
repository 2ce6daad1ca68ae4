import { BFCL_CATEGORIES, type BfclCategory, type BfclSkippedEntry } from "../../datasets/index.js";
import type { BfclErrorType, BfclPredictedCall } from "../../reward/index.js";

/** The verdict on one BFCL entry. */
export interface BfclEntryResult {
  id: string;
  category: BfclCategory;
  correct: boolean;
  /** BFCL's error type when wrong. */
  reason?: BfclErrorType;
  /** Which parameter and value, when wrong. */
  detail?: string;
  /** The calls that were judged, as the policy made them. */
  calls: BfclPredictedCall[];
  /** The policy's text, if any. */
  content: string | null;
}

export interface BfclCategoryResult {
  /** Entries judged. */
  total: number;
  correct: number;
  /** correct / total (0 for a category with nothing judged). */
  accuracy: number;
  /** Records of the category's files that could not be used (listed in `BfclRunResult.skipped`). */
  skipped: number;
  /** How many entries failed for each reason. */
  errors: Partial<Record<BfclErrorType, number>>;
}

export interface BfclRunResult {
  policy: string;
  categories: Partial<Record<BfclCategory, BfclCategoryResult>>;
  overall: {
    total: number;
    correct: number;
    /** Over all entries judged. */
    accuracy: number;
    /** The unweighted mean of the category accuracies, as BFCL summarizes its AST categories. */
    meanAccuracy: number;
    skipped: number;
  };
  entries: BfclEntryResult[];
  /** The records that could not be used, with file, line and reason. */
  skipped: BfclSkippedEntry[];
}

/** Accuracy per category and overall from entry verdicts and the records skipped. */
export function summarizeBfcl(
  policy: string,
  entries: readonly BfclEntryResult[],
  skipped: readonly BfclSkippedEntry[] = [],
): BfclRunResult {
  const categories: Partial<Record<BfclCategory, BfclCategoryResult>> = {};
  for (const category of BFCL_CATEGORIES) {
    const mine = entries.filter((entry) => entry.category === category);
    const skips = skipped.filter((skip) => skip.category === category).length;
    if (mine.length === 0 && skips === 0) continue;
    const errors: BfclCategoryResult["errors"] = {};
    for (const { reason } of mine)
      if (reason !== undefined) errors[reason] = (errors[reason] ?? 0) + 1;
    const correct = mine.filter((entry) => entry.correct).length;
    categories[category] = {
      total: mine.length,
      correct,
      accuracy: mine.length === 0 ? 0 : correct / mine.length,
      skipped: skips,
      errors,
    };
  }
  const accuracies = Object.values(categories)
    .filter((c) => c.total > 0)
    .map((c) => c.accuracy);
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
      skipped: skipped.length,
    },
    entries: [...entries],
    skipped: [...skipped],
  };
}

/**
 * A plain-text table of a BFCL run for the terminal: entries judged, correct, accuracy and
 * records skipped per category with its most common error, then the overall figures.
 *
 * @example
 * formatBfclTable(await runBfcl({ policy: "oracle", categories: ["multiple"] }))
 * // BFCL — policy oracle
 * // category  entries  correct  accuracy  skipped  most common error
 * // multiple      200      200    100.0%        0  -
 * // overall       200      200    100.0%        0
 * // mean accuracy over categories: 100.0%
 */
export function formatBfclTable(result: BfclRunResult): string {
  const rows: string[][] = [
    ["category", "entries", "correct", "accuracy", "skipped", "most common error"],
  ];
  for (const [category, summary] of Object.entries(result.categories)) {
    const top = Object.entries(summary.errors).sort((a, b) => b[1] - a[1])[0];
    rows.push([
      category,
      String(summary.total),
      String(summary.correct),
      percent(summary.accuracy),
      String(summary.skipped),
      top === undefined ? "-" : `${top[0]} (${top[1]})`,
    ]);
  }
  const { overall } = result;
  rows.push([
    "overall",
    String(overall.total),
    String(overall.correct),
    percent(overall.accuracy),
    String(overall.skipped),
    "",
  ]);
  const last = rows[0].length - 1;
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) =>
        col === 0 || col === last ? cell.padEnd(widths[col]) : cell.padStart(widths[col]),
      )
      .join("  ")
      .trimEnd();
  return [
    `BFCL — policy ${result.policy}`,
    ...rows.map(line),
    `mean accuracy over categories: ${percent(overall.meanAccuracy)}`,
  ].join("\n");
}

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}
