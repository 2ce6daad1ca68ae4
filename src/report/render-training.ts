import type { TrainingView } from "./build-report-model.js";
import { formatNumber } from "./format-number.js";
import { html, type SafeHtml } from "./html.js";
import type { ChartSpec } from "./training-charts.js";

/** A chart's frame; the page's script draws into its canvas (`data-chart` = the spec's id). */
export function renderChartFrame(chart: ChartSpec): SafeHtml {
  return html`<figure class="chart">
  <figcaption>${chart.title}</figcaption>
  <div class="chart-box"><canvas data-chart="${chart.id}" role="img" aria-label="${chart.title}"></canvas></div>
</figure>`;
}

/** What the run was: algorithm, steps, start point, model shape, time, last held-out figures. */
function runFacts(run: TrainingView): SafeHtml[] {
  const { config, lastEval } = run;
  const facts: SafeHtml[] = [];
  if (config.algo !== undefined) facts.push(html`algorithm <b>${config.algo}</b>`);
  if (run.lastStep !== undefined) {
    const planned = config.steps === undefined ? "" : ` of ${config.steps}`;
    facts.push(html`<span data-fact="steps">${run.lastStep}${planned} steps</span>`);
  }
  if (config.init !== undefined) facts.push(html`from <code>${config.init}</code>`);
  else if (config.model !== undefined) {
    const m = config.model;
    facts.push(
      html`from scratch (d_model ${String(m.dModel)}, ${String(m.nLayer)} layers, ${String(m.nHead)} heads, context ${String(m.ctx)})`,
    );
  }
  if (run.elapsedSeconds !== undefined)
    facts.push(html`${formatNumber(run.elapsedSeconds)} s of training`);
  if (lastEval !== undefined) {
    const pick = (key: string, label: string) =>
      typeof lastEval[key] === "number"
        ? html`${label} <b data-fact="${key}">${formatNumber(lastEval[key] as number)}</b>`
        : undefined;
    const shown = [
      pick("eval_solve_f1", "Solve-F1"),
      pick("eval_answer_accuracy", "answer accuracy"),
      pick("eval_loss", "loss"),
    ].filter((x): x is SafeHtml => x !== undefined);
    const n =
      typeof lastEval.eval_episodes === "number" ? ` (${lastEval.eval_episodes} episodes)` : "";
    if (shown.length > 0)
      facts.push(html`held-out at step ${lastEval.step}${n}: ${join(shown, ", ")}`);
  }
  return facts;
}

function join(parts: readonly SafeHtml[], separator: string): SafeHtml[] {
  return parts.flatMap((part, i) => (i === 0 ? [part] : [html`${separator}`, part]));
}

/** One training run: its facts, its curves, and a table of everything else it logged. */
export function renderTrainingRun(run: TrainingView): SafeHtml {
  const other = run.other;
  return html`<article class="run" data-run="${run.label}">
  <h3>${run.label} <span class="muted">${run.dir}</span></h3>
  <p class="facts">${join(runFacts(run), " · ")}</p>
  ${
    run.charts.length === 0
      ? html`<p class="muted">metrics.jsonl holds no records yet.</p>`
      : html`<div class="charts">${run.charts.map(renderChartFrame)}</div>`
  }
  ${
    other.length > 0 &&
    html`<details class="other-metrics">
    <summary>Other logged metrics (${other.length})</summary>
    <table class="numbers">
      <thead><tr><th>metric</th><th>records</th><th>first</th><th>last</th><th>min</th><th>max</th></tr></thead>
      <tbody>${other.map(
        (m) =>
          html`<tr><td><code>${m.key}</code></td><td>${m.records} ${m.kind}</td><td>${formatNumber(m.first)}</td><td>${formatNumber(m.last)}</td><td>${formatNumber(m.min)}</td><td>${formatNumber(m.max)}</td></tr>`,
      )}</tbody>
    </table>
  </details>`
  }
</article>`;
}
