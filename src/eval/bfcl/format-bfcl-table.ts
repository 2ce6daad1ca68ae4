import type { BfclRunResult } from "./bfcl-result.js";

/**
 * A plain-text table of a BFCL run for the terminal: entries, correct and accuracy per
 * category with its most common error, then the overall figures.
 *
 * @example
 * formatBfclTable(await runBfcl({ policy: "oracle", categories: ["multiple"] }))
 * // BFCL v4 AST — policy oracle
 * // category  entries  correct  accuracy  most common error
 * // multiple      200      200    100.0%  -
 * // overall       200      200    100.0%
 * // mean accuracy over categories: 100.0%
 */
export function formatBfclTable(result: BfclRunResult): string {
  const rows: string[][] = [["category", "entries", "correct", "accuracy", "most common error"]];
  for (const [category, summary] of Object.entries(result.categories)) {
    const top = Object.entries(summary.errors).sort((a, b) => b[1] - a[1])[0];
    rows.push([
      category,
      String(summary.total),
      String(summary.correct),
      percent(summary.accuracy),
      top === undefined ? "-" : `${top[0]} (${top[1]})`,
    ]);
  }
  const { overall } = result;
  rows.push([
    "overall",
    String(overall.total),
    String(overall.correct),
    percent(overall.accuracy),
    "",
  ]);
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) =>
        col === 0 || col === 4 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]),
      )
      .join("  ")
      .trimEnd();
  return [
    `BFCL v4 AST — policy ${result.policy}`,
    ...rows.map(line),
    `mean accuracy over categories: ${percent(overall.meanAccuracy)}`,
  ].join("\n");
}

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}
