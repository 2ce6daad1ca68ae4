import type { MathEvalSummary, MathMetrics } from "./summarize-math-eval.js";

const COLUMNS: [string, (m: MathMetrics) => string][] = [
  ["problems", (m) => String(m.problems)],
  ["accuracy", (m) => pct(m.accuracy)],
  ["tool use", (m) => pct(m.tool_use_rate)],
  ["acc w/ tool", (m) => pct(m.with_tool.accuracy)],
  ["acc w/o tool", (m) => pct(m.without_tool.accuracy)],
  ["calls/prob", (m) => m.calls_per_problem.toFixed(2)],
  ["calc errors", (m) => String(m.calculator_errors)],
  ["no answer", (m) => String(m.no_answer)],
];

function pct(x: number): string {
  return Number.isNaN(x) ? "–" : `${(100 * x).toFixed(1)}%`;
}

/**
 * A plain-text table of a math evaluation: one row per problem type (when the data has types),
 * one per tool need of the gold response, then the overall row.
 */
export function formatMathMetrics(summary: MathEvalSummary): string {
  const section = (label: string, groups: Record<string, MathMetrics>) =>
    Object.entries(groups).map(([name, m]) => [`${label}${name}`, ...COLUMNS.map(([, f]) => f(m))]);
  const rows = [
    ["", ...COLUMNS.map(([name]) => name)],
    ...section("", summary.by_type),
    ...section("gold: ", summary.by_tool_need),
    ["overall", ...COLUMNS.map(([, f]) => f(summary.overall))],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(rows[0]), rule, ...rows.slice(1, -1).map(line), rule, line(rows.at(-1)!)].join("\n");
}
