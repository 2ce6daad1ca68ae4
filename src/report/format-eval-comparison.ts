import type { EvalView } from "./build-report-model.js";
import { formatNumber } from "./format-number.js";

/**
 * The evaluations' overall figures side by side as plain text, for the terminal: a row per
 * metric, a column per evaluation (in the order given, before → after), each cell the
 * estimate and its 95% interval. Evaluations without trajectories are left out.
 *
 * @example
 * formatEvalComparison(result.evals)
 * // metric            before (n=200)         after (n=200)
 * // Solve-F1          0.120 [0.090, 0.150]   0.410 [0.360, 0.460]
 * // answer accuracy   0.050 [0.027, 0.090]   0.300 [0.241, 0.366]
 */
export function formatEvalComparison(evals: readonly EvalView[]): string {
  const scored = evals.filter((e) => e.summary !== undefined);
  if (scored.length === 0) return "";
  const keys = new Map<string, string>();
  for (const e of scored)
    for (const m of e.summary!.overall) if (!keys.has(m.key)) keys.set(m.key, m.label);
  const rows: string[][] = [
    ["metric", ...scored.map((e) => `${e.label} (n=${e.summary!.episodes})`)],
    ...[...keys].map(([key, label]) => [
      label,
      ...scored.map((e) => {
        const m = e.summary!.overall.find((x) => x.key === key);
        if (m === undefined) return "–";
        const ci = Number.isNaN(m.low) ? "" : ` [${formatNumber(m.low)}, ${formatNumber(m.high)}]`;
        return `${formatNumber(m.estimate)}${ci}`;
      }),
    ]),
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) => cell.padEnd(widths[col]))
        .join("   ")
        .trimEnd(),
    )
    .join("\n");
}
