import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { ConfigError, readJsonl } from "../core/index.js";
import { readJsonFile } from "./read-json-file.js";
import {
  type BfclResultsFile,
  BfclResultsFileSchema,
  type EvalMetricsFile,
  EvalMetricsFileSchema,
  type MetricsLine,
  MetricsLineSchema,
  type ReportTrajectory,
  ReportTrajectorySchema,
  type RunConfig,
  RunConfigSchema,
} from "./run-file-schemas.js";

/** A directory to report on; `label` names it on the page (default: the directory's name). */
export type ReportInputSpec = string | { readonly dir: string; readonly label?: string };

interface InputBase {
  readonly dir: string;
  readonly label: string;
}

/** `toolgym train --out DIR`: config.json and metrics.jsonl. */
export interface TrainInput extends InputBase {
  readonly kind: "train";
  readonly config: RunConfig;
  readonly metrics: MetricsLine[];
}

/** `toolgym eval` / `toolgym math eval --out DIR`: metrics.json and/or trajectories.jsonl. */
export interface EvalInput extends InputBase {
  readonly kind: "eval";
  readonly metrics: EvalMetricsFile | undefined;
  readonly trajectories: ReportTrajectory[] | undefined;
}

/** `toolgym bfcl --out DIR`: bfcl-results.json. */
export interface BfclInput extends InputBase {
  readonly kind: "bfcl";
  readonly results: BfclResultsFile;
}

export type ReportInput = TrainInput | EvalInput | BfclInput;

const FILES = {
  config: "config.json",
  trainMetrics: "metrics.jsonl",
  evalMetrics: "metrics.json",
  trajectories: "trajectories.jsonl",
  bfcl: "bfcl-results.json",
} as const;

/** The file whose presence makes a directory an input of this kind, or undefined. */
function kindOf(dir: string): ReportInput["kind"] | undefined {
  const has = (file: string) => existsSync(join(dir, file));
  if (has(FILES.trainMetrics) && has(FILES.config)) return "train";
  if (has(FILES.bfcl)) return "bfcl";
  if (has(FILES.evalMetrics) || has(FILES.trajectories)) return "eval";
  return undefined;
}

/**
 * Reads the run and evaluation directories to report on, in the order given. A directory that
 * is none itself but holds some (a demo's `runs/demo`) stands for those, oldest first.
 *
 * @throws ConfigError for a path that is no run or evaluation, DataFormatError for a bad file
 */
export async function loadReportInputs(specs: readonly ReportInputSpec[]): Promise<ReportInput[]> {
  const expanded = specs.flatMap((spec) => {
    const { dir, label } = typeof spec === "string" ? { dir: spec, label: undefined } : spec;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new ConfigError(dir, "no such directory");
    }
    if (kindOf(dir) !== undefined) return [{ dir, label }];
    const children = readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((child) => statSync(child).isDirectory() && kindOf(child) !== undefined)
      .sort((a, b) => modified(a) - modified(b));
    if (children.length === 0) {
      throw new ConfigError(
        dir,
        `not a toolgym run or evaluation (expected ${FILES.config} + ${FILES.trainMetrics}, ` +
          `${FILES.evalMetrics} / ${FILES.trajectories}, or ${FILES.bfcl}), nor a folder of them`,
      );
    }
    return children.map((child) => ({ dir: child, label: undefined }));
  });
  const labels = uniqueLabels(expanded);
  const inputs: ReportInput[] = [];
  for (const [i, { dir }] of expanded.entries()) inputs.push(await loadInput(dir, labels[i]));
  return inputs;
}

async function loadInput(dir: string, label: string): Promise<ReportInput> {
  const kind = kindOf(dir)!;
  if (kind === "train") {
    return {
      kind,
      dir,
      label,
      config: readJsonFile(join(dir, FILES.config), RunConfigSchema),
      metrics: await readJsonl(join(dir, FILES.trainMetrics), MetricsLineSchema),
    };
  }
  if (kind === "bfcl") {
    return {
      kind,
      dir,
      label,
      results: readJsonFile(join(dir, FILES.bfcl), BfclResultsFileSchema),
    };
  }
  const metricsFile = join(dir, FILES.evalMetrics);
  const trajectoriesFile = join(dir, FILES.trajectories);
  return {
    kind,
    dir,
    label,
    metrics: existsSync(metricsFile) ? readJsonFile(metricsFile, EvalMetricsFileSchema) : undefined,
    trajectories: existsSync(trajectoriesFile)
      ? await readJsonl(trajectoriesFile, ReportTrajectorySchema)
      : undefined,
  };
}

/** When the run's key file was last written: a folder of runs is shown in the order it was made. */
function modified(dir: string): number {
  const key = Object.values(FILES).find((file) => existsSync(join(dir, file)));
  return statSync(key === undefined ? dir : join(dir, key)).mtimeMs;
}

/** The given labels, else directory names, else (when two clash) paths from the cwd. */
function uniqueLabels(inputs: readonly { dir: string; label?: string }[]): string[] {
  const names = inputs.map(({ dir, label }) => label ?? basename(resolve(dir)));
  return names.map((name, i) => {
    const clash = names.filter((n) => n === name).length > 1;
    if (!clash || inputs[i].label !== undefined) return name;
    return relative(process.cwd(), resolve(inputs[i].dir)) || name;
  });
}
