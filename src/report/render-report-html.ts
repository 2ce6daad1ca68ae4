import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EvalView, ReportModel } from "./build-report-model.js";
import { formatInterval, formatNumber, formatValue } from "./format-number.js";
import { html, jsonForScript, SafeHtml } from "./html.js";
import { environmentCharts, renderEnvironmentFile } from "./render-environments.js";
import { renderBfclTable, renderEvalFiles, renderEvalTables } from "./render-results.js";
import { renderChartFrame, renderTrainingRun } from "./render-training.js";
import type { ChartSpec } from "./training-charts.js";

/**
 * The page's own scripts (charts, trajectory browser) and style: plain files read when a report
 * is written, so they stay readable and linted: assets/report/ at the package root, the same path
 * from src/report (tests) and dist/report (the CLI).
 */
const CLIENT_DIR = fileURLToPath(new URL("../../assets/report/", import.meta.url));

/**
 * Chart.js, inlined from node_modules. Chosen over uPlot because the report needs bar charts
 * (before/after, environment statistics) as well as line charts, with tooltips, legends and
 * axis titles out of the box; its UMD build is one 200 KB file with no dependencies to bundle.
 */
function chartLibrary(): string {
  const main = createRequire(import.meta.url).resolve("chart.js");
  const source = readFileSync(join(dirname(main), "chart.umd.min.js"), "utf8");
  // The source map is not inlined; a reference to it would only make the browser look for it.
  return source.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
}

/** An inline script element and the CSP hash that allows exactly it. */
function inlineScript(source: string): { tag: SafeHtml; hash: string } {
  // Nothing in a script may close its element; the library and our file never do.
  if (/<\/script/i.test(source)) throw new Error("an inlined script contains </script");
  const hash = `'sha256-${createHash("sha256").update(source, "utf8").digest("base64")}'`;
  return { tag: html`<script>${new SafeHtml(source)}</script>`, hash };
}

/** The headline: each evaluation's main figures, and the change from the first to the last. */
function renderHeadline(evals: readonly EvalView[]): SafeHtml {
  const scored = evals.filter((e) => e.summary !== undefined && e.summary.overall.length > 0);
  if (scored.length === 0) return html``;
  const main = (e: EvalView) => {
    const o = e.summary!.overall;
    const wanted = ["solve_f1", "answer_accuracy"].flatMap((k) => o.filter((m) => m.key === k));
    return wanted.length > 0 ? wanted : o.slice(0, 2);
  };
  return html`<div class="cards">${scored.map(
    (e, i) => html`<div class="card eval-${evals.indexOf(e) % 8}" data-card="${e.label}">
  <div class="card-title">${i > 0 ? "→ " : ""}${e.label}</div>
  <div class="muted">${e.policy ?? "policy not recorded"} · ${e.summary!.episodes} episodes</div>
  ${main(e).map((m) => html`<div class="card-metric"><span class="card-label">${m.label}</span> ${formatInterval(m)}</div>`)}
</div>`,
  )}</div>`;
}

/** Overall figures per evaluation as grouped bars, with their intervals in the tooltips. */
function resultsChart(evals: readonly EvalView[]): ChartSpec | undefined {
  const scored = evals.filter((e) => e.summary !== undefined);
  if (scored.length === 0) return undefined;
  const preferred = ["solve_f1", "solve_p", "solve_r", "answer_accuracy", "tool_use_rate"];
  const keys = scored[0].summary!.overall.map((m) => m.key);
  const shown = preferred.filter((k) => keys.includes(k));
  const metrics = shown.length > 0 ? shown : keys.slice(0, 4);
  const labels = metrics.map((k) => scored[0].summary!.overall.find((m) => m.key === k)!.label);
  return {
    id: "results-overall",
    title: "All episodes, per evaluation (95% intervals in the tooltips)",
    xLabel: "metric",
    yLabel: "value",
    type: "bar",
    categories: labels,
    series: scored.map((e) => {
      const found = metrics.map((k) => e.summary!.overall.find((m) => m.key === k));
      return {
        label: e.label,
        key: e.label,
        kind: "eval" as const,
        points: found.flatMap((m, i) => (m === undefined ? [] : [[i, m.estimate] as const])),
        intervals: found.flatMap((m) => (m === undefined ? [] : [[m.low, m.high] as const])),
      };
    }),
  };
}

/** A chart with each point's tooltip text: the value (and its interval) as the tables print it. */
function withTexts(chart: ChartSpec): ChartSpec {
  return {
    ...chart,
    series: chart.series.map((s) => ({
      ...s,
      texts: s.points.map(([, y], i) => {
        const ci = s.intervals?.[i];
        return ci === undefined
          ? formatValue(y)
          : `${formatNumber(y)} [${formatNumber(ci[0])}, ${formatNumber(ci[1])}]`;
      }),
    })),
  };
}

function section(id: string, title: string, body: SafeHtml, intro?: SafeHtml): SafeHtml {
  return html`<section id="${id}"><h2>${title}</h2>${intro}${body}</section>`;
}

/**
 * The whole page: one HTML document with the style, Chart.js, the data and the page's script
 * inlined, and a Content-Security-Policy that lets only those scripts run and nothing load
 * from anywhere — so it opens from file:// offline, and text in a trajectory cannot run.
 */
export function renderReportHtml(model: ReportModel): string {
  const results = resultsChart(model.evals);
  const envCharts = model.environments.flatMap((view, i) => environmentCharts(view, i));
  const charts: ChartSpec[] = [
    ...model.training.flatMap((run) => run.charts),
    ...(results === undefined ? [] : [results]),
    ...envCharts,
  ];
  const data = {
    charts: charts.map(withTexts),
    evals: model.evals.map((e) => ({
      label: e.label,
      embedded: e.embedded,
      total: e.summary?.episodes,
    })),
    episodes: model.episodes,
    maxEpisodes: model.maxEpisodes,
  };
  const library = inlineScript(chartLibrary());
  const [chartScript, browserScript] = ["report-charts.js", "trajectory-browser.js"].map((file) =>
    inlineScript(readFileSync(join(CLIENT_DIR, file), "utf8")),
  );
  const css = readFileSync(join(CLIENT_DIR, "report.css"), "utf8");
  const csp = [
    "default-src 'none'",
    `script-src ${library.hash} ${chartScript.hash} ${browserScript.hash}`,
    // Chart.js sizes its canvases through style attributes.
    "style-src 'unsafe-inline'",
    "img-src data:",
  ].join("; ");
  const counts = {
    train: model.training.length,
    eval: model.evals.length,
    bfcl: model.bfcl.length,
    envs: model.environments.length,
  };
  const nav: [string, string, boolean][] = [
    ["results", "Results", model.evals.length + model.bfcl.length > 0],
    ["training", "Training", counts.train > 0],
    ["trajectories", "Trajectories", model.episodes.length > 0],
    ["environments", "Environments", counts.envs > 0],
    ["method", "How to read", true],
  ];
  const embeddedNote = model.evals
    .filter((e) => e.summary !== undefined)
    .map((e) => `${e.label}: ${e.embedded} of ${e.summary!.episodes}`)
    .join(" · ");

  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${model.title}</title>
<style>${new SafeHtml(css)}</style>
</head>
<body>
<header>
  <h1>${model.title}</h1>
  <p class="muted">Written ${model.generatedAt} from ${model.inputs.length} director${model.inputs.length === 1 ? "y" : "ies"}:
  ${counts.train} training run${counts.train === 1 ? "" : "s"}, ${counts.eval} evaluation${counts.eval === 1 ? "" : "s"}${counts.bfcl > 0 ? `, ${counts.bfcl} BFCL run${counts.bfcl === 1 ? "" : "s"}` : ""}.</p>
  <ol class="inputs">${model.inputs.map(
    (input) =>
      html`<li><span class="badge ${input.kind}">${input.kind}</span> <b>${input.label}</b> <code>${input.dir}</code></li>`,
  )}</ol>
  ${renderHeadline(model.evals)}
  <nav>${nav.filter(([, , shown]) => shown).map(([id, label]) => html`<a href="#${id}">${label}</a>`)}</nav>
</header>
<main>
${
  model.evals.length + model.bfcl.length > 0 &&
  section(
    "results",
    "Results",
    html`${results && html`<div class="charts wide">${renderChartFrame(results)}</div>`}
${renderEvalTables(model.evals)}
${renderBfclTable(model.bfcl)}
${renderEvalFiles(model.evals)}`,
    html`<p class="muted">Evaluations in the order given, before → after. Each cell: the mean over episodes (a share for rates) and its 95% confidence interval in brackets; hover for the sample size.</p>`,
  )
}
${counts.train > 0 && section("training", "Training", html`${model.training.map(renderTrainingRun)}`)}
${
  model.episodes.length > 0 &&
  section(
    "trajectories",
    "Trajectories",
    html`<div class="filters" id="filters">
  <label>evaluation <select id="f-eval"></select></label>
  <label>scenario <select id="f-group"></select></label>
  <label>outcome <select id="f-outcome">
    <option value="">any</option><option value="correct">answer correct</option><option value="wrong">answer wrong</option><option value="policy_error">policy error</option><option value="max_turns">hit the turn limit</option>
  </select></label>
  <label>reward ≥ <input id="f-reward-min" type="number" step="0.05" min="0" max="1"></label>
  <label>reward ≤ <input id="f-reward-max" type="number" step="0.05" min="0" max="1"></label>
  <button type="button" id="expand-all">expand all</button>
  <button type="button" id="collapse-all">collapse all</button>
</div>
<p class="muted" id="episode-count"></p>
<div id="episodes"></div>`,
    html`<p class="muted">At most ${model.maxEpisodes} episodes of each evaluation are embedded, the first of its trajectories.jsonl (${embeddedNote}); the tables above use every episode.</p>`,
  )
}
${
  counts.envs > 0 &&
  section("environments", "Environments", html`${model.environments.map(renderEnvironmentFile)}`)
}
${section(
  "method",
  "How to read this report",
  html`<ul class="method">
  <li><b>Solve-P / Solve-R / Solve-F1</b> (FTRL): of the episode's tool calls, the share that solved a sub-question of the gold plan; of the sub-questions, the share solved; their harmonic mean. Means over episodes.</li>
  <li><b>answer accuracy</b>: share of episodes whose final answer matches the gold answer. <b>tool-use rate</b>: share of episodes with at least one call. <b>error calls / call</b>: calls answered with an error (unknown tool, bad arguments, a tool that threw), over all calls.</li>
  <li><b>Intervals</b>: 95%. Wilson's score interval for shares; for means and ratios a percentile bootstrap over episodes (seeded, 2,000 resamples), so the same files give the same page.</li>
  <li><b>Training curves</b>: from each run's metrics.jsonl; held-out points are the run's own evaluations (at most its eval limit of environments, greedy by default).</li>
</ul>`,
)}
</main>
<script type="application/json" id="report-data">${new SafeHtml(jsonForScript(data))}</script>
${library.tag}
${chartScript.tag}
${browserScript.tag}
</body>
</html>
`;
  return page.value;
}
