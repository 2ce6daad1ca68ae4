import type { MetricsReport, TrajectorySummary } from "../rollout/index.js";

const COLUMNS: [string, (s: TrajectorySummary) => string][] = [
  ["episodes", (s) => String(s.episodes)],
  ["Solve-P", (s) => s.solve_p.toFixed(3)],
  ["Solve-R", (s) => s.solve_r.toFixed(3)],
  ["Solve-F1", (s) => s.solve_f1.toFixed(3)],
  ["answer acc", (s) => pct(s.answer_accuracy)],
  ["tool use", (s) => pct(s.tool_use_rate)],
  ["calls/ep", (s) => s.calls_per_episode.toFixed(2)],
  ["error calls", (s) => pct(s.error_call_rate)],
  ["reward", (s) => s.reward.toFixed(3)],
];

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/**
 * What each column means, printed under the table: the Solve metrics are FTRL's, per episode,
 * and an episode without calls is not precise (see `solveP`).
 */
export const METRICS_LEGEND = [
  "Solve-P: subtasks solved / calls made, per episode; 0 for an episode without calls (1 if its task needed none)",
  "Solve-R: subtasks solved / subtasks in the gold plan; Solve-F1: 2·solved / (calls + subtasks)",
  "Columns are means over episodes; tool use: episodes with a call; error calls: calls answered with an error / all calls",
] as const;

/**
 * A plain-text table of a metrics report: one row per scenario, then the overall row, then
 * `METRICS_LEGEND`.
 */
export function formatMetricsTable(report: MetricsReport): string {
  const rows = [
    ["scenario", ...COLUMNS.map(([name]) => name)],
    ...Object.entries(report.by_scenario).map(([name, s]) => [
      name,
      ...COLUMNS.map(([, f]) => f(s)),
    ]),
    ["overall", ...COLUMNS.map(([, f]) => f(report.overall))],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [
    line(rows[0]),
    rule,
    ...rows.slice(1, -1).map(line),
    rule,
    line(rows[rows.length - 1]),
    "",
    ...METRICS_LEGEND,
  ].join("\n");
}
