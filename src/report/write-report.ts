import { join } from "node:path";
import { ConfigError, writeFileAtomic } from "../core/index.js";
import { buildReportModel, type EvalView } from "./build-report-model.js";
import { loadEnvironmentFiles } from "./environment-files.js";
import type { EnvironmentStatsFn } from "./environment-stats-view.js";
import { loadReportInputs, type ReportInputSpec } from "./load-report-inputs.js";
import { renderReportHtml } from "./render-report-html.js";

export interface WriteReportOptions {
  /**
   * Run and evaluation directories, in the order the page shows them (evaluations before →
   * after): `toolgym train`, `toolgym eval`, `toolgym math eval` and `toolgym bfcl` outputs, or
   * a folder of them. `{ dir, label }` names a directory on the page (default: its name).
   */
  readonly inputs: readonly ReportInputSpec[];
  /** The HTML file to write (atomically); default `report.html` in the first directory given. */
  readonly out?: string;
  /** Environment files to describe besides those the runs recorded. */
  readonly envs?: readonly string[];
  /** envgen's `computeEnvironmentStats` (the report may import only core; see DESIGN.md). */
  readonly environmentStats: EnvironmentStatsFn;
  readonly title?: string;
  /** Episodes of each evaluation embedded in the trajectory browser. */
  readonly maxEpisodes?: number;
  /** Bootstrap resamples per interval. */
  readonly resamples?: number;
  /** Injectable clock (tests). */
  readonly now?: () => Date;
}

export interface WriteReportResult {
  readonly file: string;
  readonly bytes: number;
  /** The evaluations as the page summarizes them, for a caller that prints a table too. */
  readonly evals: readonly EvalView[];
}

/**
 * Writes one self-contained HTML report of training runs and evaluations: training curves,
 * results per scenario side by side with 95% intervals, a trajectory browser and the
 * environments' statistics. Scripts, style and data are inlined: it opens from file:// with
 * no network.
 *
 * @example
 * await writeReport({
 *   inputs: [{ dir: "runs/demo/eval-before", label: "before" }, "runs/demo/sft", "runs/demo/eval-sft"],
 *   out: "runs/demo/report.html",
 *   environmentStats: computeEnvironmentStats,
 * });
 * @throws ConfigError for an input that is no run or evaluation, DataFormatError for a bad file
 */
export async function writeReport({
  inputs: specs,
  out,
  envs = [],
  environmentStats,
  title = "toolgym report",
  maxEpisodes = 200,
  resamples = 2000,
  now = () => new Date(),
}: WriteReportOptions): Promise<WriteReportResult> {
  if (specs.length === 0)
    throw new ConfigError("report", "give at least one run or evaluation directory");
  const inputs = await loadReportInputs(specs);
  const environments = await loadEnvironmentFiles(inputs, envs);
  const model = buildReportModel({
    inputs,
    environments,
    environmentStats,
    title,
    generatedAt: `${now().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    maxEpisodes,
    resamples,
  });
  const page = renderReportHtml(model);
  const first = specs[0];
  const file = out ?? join(typeof first === "string" ? first : first.dir, "report.html");
  writeFileAtomic(file, page);
  return { file, bytes: Buffer.byteLength(page), evals: model.evals };
}
