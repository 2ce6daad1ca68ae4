import type { EnvironmentView } from "./build-report-model.js";
import type { DistributionView } from "./environment-stats-view.js";
import { formatNumber } from "./format-number.js";
import { html, type SafeHtml } from "./html.js";
import { renderChartFrame } from "./render-training.js";
import type { ChartSpec } from "./training-charts.js";

/** Bar charts of a file of environments: scenarios, and steps and tools per environment. */
export function environmentCharts(view: EnvironmentView, index: number): ChartSpec[] {
  const stats = view.stats;
  if (stats === undefined) return [];
  const bars = (
    id: string,
    title: string,
    xLabel: string,
    counts: Record<string, number>,
  ): ChartSpec => {
    const categories = Object.keys(counts);
    return {
      id: `envs${index}-${id}`,
      title,
      xLabel,
      yLabel: "environments",
      type: "bar",
      categories,
      series: [
        {
          label: "environments",
          key: id,
          kind: "train",
          points: categories.map((c, i) => [i, counts[c]] as const),
        },
      ],
    };
  };
  return [
    bars("scenarios", "Scenarios", "scenario", stats.scenarios),
    bars("steps", "Steps of the gold plan", "steps", stats.steps.histogram),
    bars("tools", "Tools offered per environment", "tools", stats.toolsPerEnv.histogram),
  ];
}

function distributionRow(label: string, d: DistributionView): SafeHtml {
  const cells = Object.entries(d.histogram)
    .map(([value, count]) => `${value}: ${count}`)
    .join(" · ");
  return html`<tr><th scope="row">${label}</th><td>${formatNumber(d.mean)}</td><td>${cells}</td></tr>`;
}

function countsRow(label: string, counts: Record<string, number>): SafeHtml {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return html`<tr><th scope="row">${label}</th><td></td><td>${entries.map(([k, v]) => `${k}: ${v}`).join(" · ")}</td></tr>`;
}

/** One environment file: where it was used, its distributions, and its charts. */
export function renderEnvironmentFile(view: EnvironmentView, index: number): SafeHtml {
  const stats = view.stats;
  return html`<article class="envs" data-envs="${view.path}">
  <h3><code>${view.path}</code></h3>
  <p class="facts">${view.roles.join(" · ")}</p>
  ${
    stats === undefined
      ? html`<p class="warning">Not found (looked for from the working directory and from the run's directory and its parents): no statistics, and the trajectory browser cannot show the gold plan.</p>`
      : html`<p><b data-fact="environments">${stats.environments}</b> environments</p>
  <div class="charts">${environmentCharts(view, index).map(renderChartFrame)}</div>
  <table class="numbers env-stats">
    <thead><tr><th></th><th>mean</th><th>environments by value</th></tr></thead>
    <tbody>
      ${countsRow("scenario", stats.scenarios)}
      ${distributionRow("hops (turns of parallel calls)", stats.hops)}
      ${distributionRow("steps", stats.steps)}
      ${distributionRow("tools offered", stats.toolsPerEnv)}
      ${distributionRow("distractor tools", stats.distractorsPerEnv)}
      ${countsRow("tool families (tools)", stats.families)}
      ${countsRow("parameter types (parameters)", stats.parameterTypes)}
      ${countsRow("split", stats.splits)}
      ${countsRow("source", stats.sources)}
    </tbody>
  </table>`
  }
</article>`;
}
