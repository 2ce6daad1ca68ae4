import type { BfclView, EvalView } from "./build-report-model.js";
import { formatInterval, formatNumber } from "./format-number.js";
import { html, type SafeHtml } from "./html.js";
import type { MetricEstimate } from "./summarize-episodes.js";

/** Whether a higher value of a known metric is better (for the colour of a change). */
const HIGHER_IS_BETTER: Record<string, boolean> = {
  solve_f1: true,
  solve_p: true,
  solve_r: true,
  answer_accuracy: true,
  reward: true,
  correct: true,
  error_call_rate: false,
  max_turns_rate: false,
};

/** The metrics of a group in the evaluations, in the order they first appear. */
function metricRows(columns: readonly (readonly MetricEstimate[] | undefined)[]) {
  const rows = new Map<string, { key: string; label: string }>();
  for (const estimates of columns)
    for (const m of estimates ?? []) if (!rows.has(m.key)) rows.set(m.key, m);
  return [...rows.values()];
}

function sampleNote(m: MetricEstimate): string {
  const method = m.kind === "proportion" ? "Wilson" : "bootstrap";
  const calls = m.denominator === undefined ? "" : `, ${m.denominator} calls`;
  return `${m.n} episodes${calls}; 95% interval (${method})`;
}

/**
 * One table of a group of episodes (overall or a scenario): a row per metric, a column per
 * evaluation in the order given (before → after), and the change from the first to the last.
 */
function groupTable(group: string, evals: readonly EvalView[]): SafeHtml {
  const columns = evals.map((e) =>
    group === "overall" ? e.summary?.overall : e.summary?.groups[group],
  );
  const rows = metricRows(columns);
  const delta = evals.length >= 2;
  const n = (estimates: readonly MetricEstimate[] | undefined) =>
    estimates === undefined || estimates.length === 0 ? 0 : Math.max(...estimates.map((m) => m.n));
  return html`<table class="results" data-group="${group}">
  <caption>${group === "overall" ? "All episodes" : group.replaceAll("_", " ")}</caption>
  <thead><tr><th>metric</th>${evals.map(
    (e, i) =>
      html`<th class="eval-col eval-${i % 8}">${e.label}<br><span class="muted">n = ${n(columns[i])}</span></th>`,
  )}${delta && html`<th>change</th>`}</tr></thead>
  <tbody>${rows.map((row) => {
    const cells = columns.map((estimates) => estimates?.find((m) => m.key === row.key));
    const first = cells[0];
    const last = cells.at(-1);
    let change: SafeHtml | undefined;
    if (delta && first !== undefined && last !== undefined) {
      const d = last.estimate - first.estimate;
      const better = HIGHER_IS_BETTER[row.key];
      const tone = d === 0 || better === undefined ? "" : d > 0 === better ? "up" : "down";
      change = html`<td class="delta ${tone}">${d > 0 ? "+" : ""}${formatNumber(d)}</td>`;
    } else if (delta) change = html`<td class="delta">–</td>`;
    return html`<tr><th scope="row">${row.label}</th>${cells.map((m, i) =>
      m === undefined
        ? html`<td class="muted">–</td>`
        : html`<td data-eval="${evals[i].label}" data-metric="${m.key}" data-value="${m.estimate}" title="${sampleNote(m)}">${formatInterval(m)}</td>`,
    )}${change}</tr>`;
  })}</tbody>
</table>`;
}

/** Tables of the evaluations with episodes: all episodes, then one per scenario. */
export function renderEvalTables(evals: readonly EvalView[]): SafeHtml {
  const scored = evals.filter((e) => e.summary !== undefined);
  if (scored.length === 0) return html``;
  const groups = [...new Set(scored.flatMap((e) => Object.keys(e.summary!.groups)))].sort();
  // One group only ("unknown": no scenarios recorded) would repeat the overall table.
  const perGroup = groups.length > 1 ? groups : [];
  return html`${groupTable("overall", scored)}
${perGroup.length > 0 && html`<h3>By scenario</h3><div class="tables">${perGroup.map((g) => groupTable(g, scored))}</div>`}`;
}

/** Where the trajectories and metrics.json disagree, and every number of metrics.json. */
export function renderEvalFiles(evals: readonly EvalView[]): SafeHtml {
  return html`${evals.map(
    (e) => html`${
      e.mismatches.length > 0 &&
      html`<div class="warning" data-mismatch="${e.label}">
  <b>${e.label}:</b> metrics.json differs from trajectories.jsonl (the tables show the trajectories):
  <ul>${e.mismatches.slice(0, 10).map((m) => html`<li>${m}</li>`)}</ul>
  ${e.mismatches.length > 10 && html`<p>… and ${e.mismatches.length - 10} more</p>`}
</div>`
    }
${
  e.fileNumbers.length > 0 &&
  html`<details class="file-numbers" ${e.summary === undefined ? "open" : ""} data-eval="${e.label}">
  <summary>${e.label}: every number in metrics.json (${e.fileNumbers.length})${e.summary === undefined ? " — no trajectories.jsonl, so no intervals" : ""}</summary>
  <table class="numbers"><tbody>${e.fileNumbers.map(
    ([path, value]) =>
      html`<tr><td><code>${path}</code></td><td data-path="${path}">${formatNumber(value)}</td></tr>`,
  )}</tbody></table>
</details>`
}`,
  )}`;
}

/** BFCL accuracy per category, one column per `toolgym bfcl` directory. */
export function renderBfclTable(runs: readonly BfclView[]): SafeHtml {
  if (runs.length === 0) return html``;
  const categories = [...new Set(runs.flatMap((r) => r.categories.map((c) => c.category)))];
  const cell = (run: BfclView, category: string) => {
    const c =
      category === "overall" ? run.overall : run.categories.find((x) => x.category === category);
    if (c === undefined) return html`<td class="muted">–</td>`;
    const title = `${c.correct} of ${c.total} correct; ${c.skipped} skipped${c.topError ? `; most common error ${c.topError}` : ""}; 95% interval (Wilson)`;
    return html`<td data-bfcl="${run.label}" data-category="${category}" data-value="${c.estimate}" title="${title}">${formatInterval(c)} <span class="muted">${c.correct}/${c.total}</span></td>`;
  };
  return html`<h3>BFCL</h3>
<table class="results bfcl">
  <thead><tr><th>category</th>${runs.map((r) => html`<th>${r.label}<br><span class="muted">${r.policy}</span></th>`)}</tr></thead>
  <tbody>
    ${categories.map((c) => html`<tr><th scope="row">${c}</th>${runs.map((r) => cell(r, c))}</tr>`)}
    <tr class="total"><th scope="row">overall</th>${runs.map((r) => cell(r, "overall"))}</tr>
    <tr><th scope="row">mean over categories</th>${runs.map((r) => html`<td>${formatNumber(r.meanAccuracy)}</td>`)}</tr>
  </tbody>
</table>`;
}
