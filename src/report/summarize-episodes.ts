import { bootstrapInterval, type Interval, wilsonInterval } from "./confidence-interval.js";
import type { ReportTrajectory } from "./run-file-schemas.js";

/** How a metric is aggregated over episodes, and so which interval it gets. */
export type MetricKind =
  /** Share of episodes where something holds: Wilson's interval. */
  | "proportion"
  /** Mean of a per-episode number: bootstrap interval. */
  | "mean"
  /** Σ numerator / Σ denominator over episodes (error calls per call): bootstrap interval. */
  | "ratio";

/** One metric of a set of episodes, with its 95% interval and sample size. */
export interface MetricEstimate extends Interval {
  readonly key: string;
  readonly label: string;
  readonly kind: MetricKind;
  /** Episodes it was computed from (for a ratio: episodes; `denominator` holds the calls). */
  readonly n: number;
  readonly denominator?: number;
}

/** A metric as a function of one episode. */
interface EpisodeMetric {
  readonly key: string;
  readonly label: string;
  readonly kind: MetricKind;
  /** The episode's value; undefined when it does not have this metric. */
  readonly value: (t: ReportTrajectory) => number | undefined;
  /** For a ratio: the episode's denominator. */
  readonly denominator?: (t: ReportTrajectory) => number | undefined;
}

const num = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "boolean" ? Number(v) : undefined;

/**
 * The tool-use metrics of `toolgym eval` (the keys of its metrics.json), defined per episode
 * so that each gets an interval. Means over episodes, except error calls: errors over calls.
 */
const KNOWN_METRICS: readonly EpisodeMetric[] = [
  { key: "solve_f1", label: "Solve-F1", kind: "mean", value: (t) => num(t.metrics.solve_f1) },
  { key: "solve_p", label: "Solve-P", kind: "mean", value: (t) => num(t.metrics.solve_p) },
  { key: "solve_r", label: "Solve-R", kind: "mean", value: (t) => num(t.metrics.solve_r) },
  {
    key: "answer_accuracy",
    label: "answer accuracy",
    kind: "proportion",
    value: (t) => num(t.metrics.answer_correct),
  },
  {
    key: "tool_use_rate",
    label: "tool-use rate",
    kind: "proportion",
    value: (t) =>
      typeof t.metrics.n_calls === "number" ? Number(t.metrics.n_calls > 0) : undefined,
  },
  {
    key: "error_call_rate",
    label: "error calls / call",
    kind: "ratio",
    value: (t) => num(t.metrics.n_error_calls),
    denominator: (t) => num(t.metrics.n_calls),
  },
  {
    key: "calls_per_episode",
    label: "calls / episode",
    kind: "mean",
    value: (t) => num(t.metrics.n_calls),
  },
  { key: "reward", label: "reward", kind: "mean", value: (t) => t.reward?.total },
  {
    key: "max_turns_rate",
    label: "turn limit hit",
    kind: "proportion",
    value: (t) => (t.stop === undefined ? undefined : Number(t.stop === "max_turns")),
  },
];

/** Per-episode metrics that KNOWN_METRICS already reads, so they are not shown again raw. */
const CONSUMED = new Set([
  "solve_f1",
  "solve_p",
  "solve_r",
  "answer_correct",
  "n_calls",
  "n_error_calls",
  "n_turns",
]);

/** The metrics these episodes have: the known ones, then any other metric, by name. */
export function episodeMetrics(trajectories: readonly ReportTrajectory[]): EpisodeMetric[] {
  const present = KNOWN_METRICS.filter((m) => trajectories.some((t) => m.value(t) !== undefined));
  const others = new Map<string, boolean>();
  for (const t of trajectories) {
    for (const [key, v] of Object.entries(t.metrics)) {
      if (CONSUMED.has(key) || v === null) continue;
      // A metric that is boolean anywhere is a proportion.
      others.set(key, (others.get(key) ?? false) || typeof v === "boolean");
    }
  }
  const known = new Set(present.map((m) => m.key));
  for (const [key, boolean] of [...others].sort(([a], [b]) => a.localeCompare(b))) {
    if (known.has(key)) continue;
    present.push({
      key,
      label: key.replaceAll("_", " "),
      kind: boolean ? "proportion" : "mean",
      value: (t) => num(t.metrics[key]),
    });
  }
  return present;
}

/** Which group an episode belongs to: its scenario, else its problem type, else "unknown". */
export function episodeGroup(t: ReportTrajectory): string {
  const type = t.meta.type ?? t.meta.scenario;
  return t.scenario ?? (typeof type === "string" ? type : "unknown");
}

/** Every metric of the episodes, overall and per group (scenario), each with its interval. */
export interface EpisodeSummary {
  readonly episodes: number;
  readonly overall: MetricEstimate[];
  readonly groups: Record<string, MetricEstimate[]>;
}

/**
 * Summarizes the episodes of one evaluation: each metric's mean (or share, or ratio) with a
 * 95% interval — Wilson's for shares, a seeded percentile bootstrap over episodes for means
 * and ratios — overall and for each scenario (sorted by name).
 *
 * @example
 * summarizeEpisodes(trajectories).overall.find((m) => m.key === "solve_f1")
 * // { key: "solve_f1", estimate: 0.41, low: 0.36, high: 0.46, n: 200, … }
 */
export function summarizeEpisodes(
  trajectories: readonly ReportTrajectory[],
  { resamples = 2000 }: { resamples?: number } = {},
): EpisodeSummary {
  const metrics = episodeMetrics(trajectories);
  const byGroup = new Map<string, ReportTrajectory[]>();
  for (const t of trajectories) {
    const key = episodeGroup(t);
    byGroup.set(key, [...(byGroup.get(key) ?? []), t]);
  }
  const estimate = (ts: readonly ReportTrajectory[]) =>
    metrics.flatMap((m) => {
      const e = estimateMetric(m, ts, resamples);
      return e === undefined ? [] : [e];
    });
  return {
    episodes: trajectories.length,
    overall: estimate(trajectories),
    groups: Object.fromEntries(
      [...byGroup.keys()].sort().map((key) => [key, estimate(byGroup.get(key)!)]),
    ),
  };
}

function estimateMetric(
  metric: EpisodeMetric,
  ts: readonly ReportTrajectory[],
  resamples: number,
): MetricEstimate | undefined {
  const { key, label, kind } = metric;
  if (kind === "ratio") {
    const rows = ts.flatMap((t) => {
      const top = metric.value(t);
      const bottom = metric.denominator!(t);
      return top === undefined || bottom === undefined ? [] : [[top, bottom] as const];
    });
    if (rows.length === 0) return undefined;
    const ratio = (rs: readonly (readonly [number, number])[]) => {
      let top = 0;
      let bottom = 0;
      for (const [t, b] of rs) {
        top += t;
        bottom += b;
      }
      // No calls at all: no error calls either (as metrics.json writes it).
      return bottom === 0 ? 0 : top / bottom;
    };
    const denominator = rows.reduce((s, [, b]) => s + b, 0);
    const interval = bootstrapInterval({ rows, statistic: ratio, resamples });
    return { key, label, kind, n: rows.length, denominator, ...interval };
  }
  const values = ts.flatMap((t) => {
    const v = metric.value(t);
    return v === undefined || !Number.isFinite(v) ? [] : [v];
  });
  if (values.length === 0) return undefined;
  if (kind === "proportion") {
    const successes = values.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
    return {
      key,
      label,
      kind,
      n: values.length,
      ...wilsonInterval({ successes, n: values.length }),
    };
  }
  const interval = bootstrapInterval({ rows: values, statistic: mean, resamples });
  return { key, label, kind, n: values.length, ...interval };
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length === 0 ? 0 : s / xs.length;
}
