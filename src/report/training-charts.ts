import type { MetricsLine } from "./run-file-schemas.js";

/** One line of a chart: (step, value) points of one metric. */
export interface ChartSeries {
  readonly label: string;
  /** The metrics.jsonl key it was read from (shown in the tooltip and used by the tests). */
  readonly key: string;
  readonly points: readonly (readonly [number, number])[];
  /** Held-out evaluations are drawn with markers, training records as a plain line. */
  readonly kind: "train" | "eval";
  /** Bar charts: each value's 95% interval, shown in its tooltip. */
  readonly intervals?: readonly (readonly [number, number])[];
  /** Each point as the tooltip prints it (filled in by the page's renderer). */
  readonly texts?: readonly string[];
}

/** A chart the page draws with the bundled charting library. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly yLabel: string;
  readonly xLabel: string;
  readonly type: "line" | "bar";
  /** Bar charts: the category of each value (series points' x is the category index). */
  readonly categories?: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Where the y axis should reach at least: 0 for quantities that cannot be negative, 1 for shares. */
  readonly yMin?: number;
  readonly yMax?: number;
}

interface ChartPlan {
  readonly title: string;
  readonly yLabel: string;
  readonly metrics: readonly (readonly [key: string, label: string])[];
  readonly yMin?: number;
  readonly yMax?: number;
}

/**
 * The charts of a training run, in reading order. A chart is drawn only when the run logged
 * one of its metrics; `tok_s_<phase>` keys are found in the records (one line per phase).
 */
const CHART_PLANS: readonly ChartPlan[] = [
  {
    title: "Loss",
    yLabel: "loss",
    metrics: [
      ["loss", "training loss"],
      ["eval_loss", "held-out loss"],
    ],
  },
  {
    title: "Reward",
    yLabel: "mean reward",
    yMin: 0,
    yMax: 1,
    metrics: [
      ["rollout_reward_mean", "rollouts"],
      ["eval_reward_mean", "held-out"],
    ],
  },
  {
    title: "Held-out Solve-F1 and answer accuracy",
    yLabel: "mean over episodes",
    yMin: 0,
    yMax: 1,
    metrics: [
      ["eval_solve_f1", "held-out Solve-F1"],
      ["eval_answer_accuracy", "held-out answer accuracy"],
      ["rollout_solve_f1", "rollout Solve-F1"],
      ["rollout_answer_accuracy", "rollout answer accuracy"],
    ],
  },
  { title: "KL to the reference", yLabel: "KL", yMin: 0, metrics: [["kl", "KL"]] },
  {
    title: "Clip fraction",
    yLabel: "share of tokens",
    yMin: 0,
    metrics: [["clip_frac", "clipped"]],
  },
  {
    title: "Ranking and preference accuracy",
    yLabel: "accuracy",
    yMin: 0,
    yMax: 1,
    metrics: [
      ["rank_accuracy", "rank accuracy (train)"],
      ["eval_rank_accuracy", "rank accuracy (held-out)"],
      ["reward_accuracy", "preference accuracy (train)"],
      ["eval_reward_accuracy", "preference accuracy (held-out)"],
    ],
  },
  { title: "Learning rate", yLabel: "learning rate", yMin: 0, metrics: [["lr", "learning rate"]] },
  {
    title: "Gradient norm (before clipping)",
    yLabel: "global L2 norm",
    yMin: 0,
    metrics: [["grad_norm", "gradient norm"]],
  },
];

const TOK_S = "tok_s_";

/** The metrics a chart shows; the rest go to the run's table of other metrics. */
export function chartedKeys(lines: readonly MetricsLine[]): Set<string> {
  const keys = new Set(CHART_PLANS.flatMap((plan) => plan.metrics.map(([key]) => key)));
  for (const line of lines)
    for (const key of Object.keys(line)) if (key.startsWith(TOK_S)) keys.add(key);
  return keys;
}

/**
 * The curves of one training run from its metrics.jsonl records: loss, reward, held-out
 * Solve-F1 and answer accuracy, KL, clip fraction, ranking accuracy, learning rate, gradient
 * norm and tokens/s per phase — each only if the run logged it.
 *
 * @param idPrefix makes chart ids unique on a page with several runs
 */
export function trainingCharts(lines: readonly MetricsLine[], idPrefix: string): ChartSpec[] {
  const phases = [...chartedKeys(lines)].filter((key) => key.startsWith(TOK_S));
  const throughput: ChartPlan = {
    title: "Throughput per phase",
    yLabel: "tokens / s",
    yMin: 0,
    metrics: phases.map((key) => [key, key.slice(TOK_S.length)] as const),
  };
  const charts: ChartSpec[] = [];
  for (const { title, yLabel, yMin, yMax, metrics } of [...CHART_PLANS, throughput]) {
    const series = metrics.flatMap(([key, label]) => seriesOf(lines, key, label) ?? []);
    if (series.length === 0) continue;
    const id = `${idPrefix}-${charts.length}`;
    charts.push({ id, title, yLabel, xLabel: "step", type: "line", series, yMin, yMax });
  }
  return charts;
}

function seriesOf(
  lines: readonly MetricsLine[],
  key: string,
  label: string,
): ChartSeries | undefined {
  const points: [number, number][] = [];
  let kind: ChartSeries["kind"] = "train";
  for (const line of lines) {
    const value = line[key];
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    points.push([line.step, value]);
    if (line.kind === "eval") kind = "eval";
  }
  return points.length === 0 ? undefined : { label, key, points, kind };
}

/** First, last, smallest and largest value of each metric no chart shows. */
export interface OtherMetric {
  readonly key: string;
  readonly kind: string;
  readonly records: number;
  readonly first: number;
  readonly last: number;
  readonly min: number;
  readonly max: number;
}

/** The numeric metrics of a run that no chart draws (times, token counts, loss parts…). */
export function otherMetrics(lines: readonly MetricsLine[]): OtherMetric[] {
  const charted = chartedKeys(lines);
  const found = new Map<string, { kind: string; values: number[] }>();
  for (const line of lines) {
    for (const [key, value] of Object.entries(line)) {
      if (key === "step" || charted.has(key) || typeof value !== "number") continue;
      const entry = found.get(key) ?? { kind: line.kind, values: [] };
      entry.values.push(value);
      found.set(key, entry);
    }
  }
  return [...found]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, { kind, values }]) => ({
      key,
      kind,
      records: values.length,
      first: values[0],
      last: values.at(-1)!,
      min: Math.min(...values),
      max: Math.max(...values),
    }));
}
