import { type Interval, wilsonInterval } from "./confidence-interval.js";
import type { EnvironmentFile } from "./environment-files.js";
import type { EnvironmentStatsFn, EnvironmentStatsView } from "./environment-stats-view.js";
import { type EpisodeView, episodeViews } from "./episode-view.js";
import type { BfclInput, EvalInput, ReportInput, TrainInput } from "./load-report-inputs.js";
import type { MetricsLine, RunConfig } from "./run-file-schemas.js";
import { type EpisodeSummary, summarizeEpisodes } from "./summarize-episodes.js";
import {
  type ChartSpec,
  type OtherMetric,
  otherMetrics,
  trainingCharts,
} from "./training-charts.js";

/** A training run as the page shows it. */
export interface TrainingView {
  readonly label: string;
  readonly dir: string;
  readonly config: RunConfig;
  /** Last step logged, and the newest held-out record. */
  readonly lastStep: number | undefined;
  readonly lastEval: MetricsLine | undefined;
  readonly elapsedSeconds: number | undefined;
  readonly charts: ChartSpec[];
  readonly other: OtherMetric[];
}

/** An evaluation as the page shows it. */
export interface EvalView {
  readonly label: string;
  readonly dir: string;
  readonly policy: string | undefined;
  readonly envs: string | undefined;
  /** From trajectories.jsonl, with intervals; undefined when the directory has none. */
  readonly summary: EpisodeSummary | undefined;
  /** Every number of metrics.json by its dotted path. */
  readonly fileNumbers: [string, number][];
  /** metrics.json figures that the trajectories do not reproduce (a resumed or edited run). */
  readonly mismatches: string[];
  /** Episodes embedded in the trajectory browser, and in the file. */
  readonly embedded: number;
}

export interface BfclCategoryView extends Interval {
  readonly category: string;
  readonly total: number;
  readonly correct: number;
  readonly skipped: number;
  readonly topError: string | undefined;
}

export interface BfclView {
  readonly label: string;
  readonly dir: string;
  readonly policy: string;
  readonly categories: BfclCategoryView[];
  readonly overall: BfclCategoryView;
  readonly meanAccuracy: number | undefined;
}

export interface EnvironmentView {
  readonly path: string;
  readonly resolved: string | undefined;
  readonly roles: readonly string[];
  readonly stats: EnvironmentStatsView | undefined;
}

/** Everything the page shows, computed from the inputs (no markup). */
export interface ReportModel {
  readonly title: string;
  readonly generatedAt: string;
  readonly inputs: readonly { label: string; dir: string; kind: ReportInput["kind"] }[];
  readonly training: TrainingView[];
  readonly evals: EvalView[];
  readonly bfcl: BfclView[];
  readonly environments: EnvironmentView[];
  readonly episodes: EpisodeView[];
  readonly maxEpisodes: number;
}

export interface BuildReportModelOptions {
  readonly inputs: readonly ReportInput[];
  readonly environments: { files: EnvironmentFile[]; fileOf: Map<ReportInput, EnvironmentFile> };
  readonly environmentStats: EnvironmentStatsFn;
  readonly title: string;
  readonly generatedAt: string;
  /** Episodes embedded per evaluation (the first ones of its trajectories.jsonl). */
  readonly maxEpisodes: number;
  /** Bootstrap resamples per interval. */
  readonly resamples: number;
}

/** The page's content: summaries with intervals, chart series, embedded episodes. */
export function buildReportModel({
  inputs,
  environments,
  environmentStats,
  title,
  generatedAt,
  maxEpisodes,
  resamples,
}: BuildReportModelOptions): ReportModel {
  const of = <K extends ReportInput["kind"]>(kind: K) =>
    inputs.filter((input): input is Extract<ReportInput, { kind: K }> => input.kind === kind);
  const evals = of("eval");
  const episodes = evals.flatMap((input, index) =>
    episodeViews({
      trajectories: (input.trajectories ?? []).slice(0, maxEpisodes),
      evalIndex: index,
      environments: environments.fileOf.get(input)?.records,
    }),
  );
  return {
    title,
    generatedAt,
    inputs: inputs.map(({ label, dir, kind }) => ({ label, dir, kind })),
    training: of("train").map((input, i) => trainingView(input, i)),
    evals: evals.map((input) => evalView(input, maxEpisodes, resamples)),
    bfcl: of("bfcl").map(bfclView),
    environments: environments.files.map((file) => ({
      path: file.path,
      resolved: file.resolved,
      roles: file.roles,
      stats: file.records === undefined ? undefined : environmentStats(file.records),
    })),
    episodes,
    maxEpisodes,
  };
}

function trainingView(input: TrainInput, index: number): TrainingView {
  const { metrics } = input;
  const evalsLogged = metrics.filter((line) => line.kind === "eval");
  const elapsed = metrics
    .map((line) => line.elapsed_s)
    .filter((v): v is number => typeof v === "number");
  return {
    label: input.label,
    dir: input.dir,
    config: input.config,
    lastStep: metrics.at(-1)?.step,
    lastEval: evalsLogged.at(-1),
    elapsedSeconds: elapsed.at(-1),
    charts: trainingCharts(metrics, `train${index}`),
    other: otherMetrics(metrics),
  };
}

function evalView(input: EvalInput, maxEpisodes: number, resamples: number): EvalView {
  const summary =
    input.trajectories === undefined
      ? undefined
      : summarizeEpisodes(input.trajectories, { resamples });
  const fileNumbers = flattenNumbers(input.metrics ?? {});
  return {
    label: input.label,
    dir: input.dir,
    policy: input.metrics?.policy ?? input.trajectories?.[0]?.policy,
    envs: input.metrics?.envs,
    summary,
    fileNumbers,
    mismatches: summary === undefined ? [] : mismatches(summary, fileNumbers),
    embedded: Math.min(maxEpisodes, input.trajectories?.length ?? 0),
  };
}

/**
 * metrics.json figures of `toolgym eval` (`overall.*`, `by_scenario.<s>.*`) that the
 * trajectories give differently — e.g. the file covers fewer environments than the
 * trajectories of a resumed run. The page shows the trajectories' figures and says so.
 */
function mismatches(summary: EpisodeSummary, fileNumbers: [string, number][]): string[] {
  const out: string[] = [];
  const fromFile = new Map(fileNumbers);
  const check = (path: string, computed: number | undefined) => {
    const recorded = fromFile.get(path);
    if (recorded === undefined || computed === undefined) return;
    if (Math.abs(recorded - computed) > 1e-9 * Math.max(1, Math.abs(recorded)))
      out.push(`${path}: metrics.json ${recorded}, trajectories ${computed}`);
  };
  check("overall.episodes", summary.episodes);
  for (const m of summary.overall) check(`overall.${m.key}`, m.estimate);
  for (const [group, estimates] of Object.entries(summary.groups)) {
    for (const m of estimates) check(`by_scenario.${group}.${m.key}`, m.estimate);
  }
  return out;
}

/** Every finite number in a JSON value, by dotted path, in document order. */
export function flattenNumbers(value: unknown, prefix = ""): [string, number][] {
  if (typeof value === "number") return Number.isFinite(value) ? [[prefix, value]] : [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => flattenNumbers(v, prefix ? `${prefix}.${i}` : String(i)));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) =>
      flattenNumbers(v, prefix ? `${prefix}.${k}` : k),
    );
  }
  return [];
}

function bfclView(input: BfclInput): BfclView {
  const { results } = input;
  const view = (
    category: string,
    c: { total: number; correct: number; skipped: number; errors?: Record<string, number> },
  ): BfclCategoryView => {
    const top = Object.entries(c.errors ?? {}).sort((a, b) => b[1] - a[1])[0];
    return {
      category,
      total: c.total,
      correct: c.correct,
      skipped: c.skipped,
      topError: top === undefined ? undefined : `${top[0]} (${top[1]})`,
      ...wilsonInterval({ successes: c.correct, n: c.total }),
    };
  };
  return {
    label: input.label,
    dir: input.dir,
    policy: results.policy,
    categories: Object.entries(results.categories).map(([name, c]) => view(name, c)),
    overall: view("overall", results.overall),
    meanAccuracy: results.overall.meanAccuracy,
  };
}
