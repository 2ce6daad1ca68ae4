import { join } from "node:path";
import {
  ConfigError,
  type DataFormatError,
  iterateJsonlLines,
  readEnvironments,
  ToolgymError,
  TrajectorySchema,
  writeFileAtomic,
} from "../../core/index.js";
import { formatMetricsTable } from "../../eval/index.js";
import {
  EnvironmentLoadError,
  type MetricsReport,
  runRollouts,
  summarizeTrajectories,
} from "../../rollout/index.js";
import { checkOutputDir } from "../check-output-path.js";
import { parsePolicySpec } from "../parse-policy-spec.js";
import { createProgress } from "../progress.js";

export interface EvalCommandOptions {
  envs: string;
  policy: string;
  out: string;
  concurrency: number;
  /** Worker threads for the oracle; default per runRollouts. */
  workers?: number;
  maxTurns: number;
  samples: number;
  toolFormat: "native" | "text";
  limit?: number;
  timeoutMs?: number;
  temperature?: number;
  /** Stop at the first bad environment instead of reporting and skipping it. */
  strict?: boolean;
}

/** An environment left out of the run: a bad record, or code that does not load. */
interface SkippedEnvironment {
  line: number;
  id?: string;
  reason: string;
}

/**
 * `toolgym eval`: play a policy in every environment of a file, write trajectories and metrics.
 * A bad environment is reported and skipped (unless `--strict`); when the run stops early (an
 * endpoint that keeps failing), the metrics of what is done are written and the message says
 * that rerunning resumes.
 */
export async function evalCommand(
  options: EvalCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const policy = parsePolicySpec(options.policy, {
    apiKey: env.OPENAI_API_KEY,
    defaultBaseURL: env.OPENAI_BASE_URL,
    toolFormat: options.toolFormat,
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    temperature: options.temperature,
  });
  checkOutputDir("--out", options.out);
  const file = readEnvironments(options.envs, { strict: options.strict });
  const skippedEnvs: SkippedEnvironment[] = file.invalid.map((error) => skip(error));
  let broken = 0;
  let lines = file.records;
  if (options.limit !== undefined) lines = lines.slice(0, options.limit);
  if (lines.length === 0)
    throw new ConfigError("--envs", `${options.envs} holds no valid environments`);
  const lineOf = new Map(lines.map(({ value, line }) => [value.id, line]));
  const records = lines.map(({ value }) => value);

  const trajectoriesFile = join(options.out, "trajectories.jsonl");
  const metricsFile = join(options.out, "metrics.json");
  const total = records.length * options.samples;
  const writeMetrics = (complete: boolean): MetricsReport => {
    // Metrics cover the whole file, resumed episodes included; only this run's ids count.
    const report = summarizeTrajectories(trajectoriesOf(trajectoriesFile, new Set(lineOf.keys())));
    const counts = { complete, episodes_expected: total - broken * options.samples };
    const skips = {
      skipped_environments: { count: skippedEnvs.length, environments: skippedEnvs },
    };
    writeFileAtomic(
      metricsFile,
      `${JSON.stringify({ envs: options.envs, policy: policy.name, ...counts, ...skips, ...report }, null, 2)}\n`,
    );
    return report;
  };

  const progress = createProgress({ total, label: "eval" });
  const started = performance.now();
  let result: Awaited<ReturnType<typeof runRollouts>>;
  try {
    result = await runRollouts({
      records,
      policy,
      out: trajectoriesFile,
      collect: false,
      samplesPerEnv: options.samples,
      concurrency: options.concurrency,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      maxTurns: options.maxTurns,
      onSetAside: (setAside, rejectedFile) =>
        warn(
          `${trajectoriesFile}: ${setAside.length} line(s) set aside in ${rejectedFile}, their episodes run again: ` +
            setAside.map(({ line, reason }) => `line ${line} (${reason})`).join("; "),
        ),
      ...(options.strict
        ? {}
        : {
            onBrokenEnvironment: (error: EnvironmentLoadError) => {
              const line = lineOf.get(error.envId)!;
              broken += 1;
              skippedEnvs.push({ line, id: error.envId, reason: error.message });
              warn(
                `${error.at(`${options.envs}:${line}`).message}; skipped (--strict stops instead)`,
              );
            },
          }),
      onTrajectory: (_, { done, skipped }) => progress.update(skipped + done),
    });
  } catch (error) {
    progress.stop();
    if (error instanceof EnvironmentLoadError) {
      throw error.at(`${options.envs}:${lineOf.get(error.envId)}`);
    }
    if (error instanceof ToolgymError) throw stoppedEarly(error, writeMetrics, trajectoriesFile);
    throw error;
  }
  progress.stop();
  const seconds = (performance.now() - started) / 1000;
  const report = writeMetrics(true);
  process.stdout.write(`${formatMetricsTable(report)}\n`);
  process.stdout.write(
    `\n${result.played} episodes in ${seconds.toFixed(2)}s` +
      (result.skipped > 0 ? `, ${result.skipped} already done (resumed)` : "") +
      (skippedEnvs.length > 0 ? `, ${skippedEnvs.length} environment(s) skipped (see above)` : "") +
      ` → ${trajectoriesFile}, ${metricsFile}\n`,
  );
}

/** The trajectories of `file` whose environment is one of `envIds`, one line at a time. */
function* trajectoriesOf(file: string, envIds: ReadonlySet<string>) {
  for (const { value } of iterateJsonlLines(file, TrajectorySchema)) {
    if (envIds.has(value.env_id)) yield value;
  }
}

/**
 * The error of a run that stopped before its end, saying how far it got and that rerunning
 * resumes; the metrics of the episodes done are written first (when they can be).
 */
function stoppedEarly(
  error: ToolgymError,
  writeMetrics: (complete: boolean) => MetricsReport,
  trajectoriesFile: string,
): ToolgymError {
  let partial: string;
  try {
    const { episodes } = writeMetrics(false).overall;
    partial = `${episodes} episode(s) are done in ${trajectoriesFile} (their metrics in metrics.json, marked "complete": false)`;
  } catch {
    partial = `the episodes done so far are in ${trajectoriesFile}`;
  }
  return new ToolgymError(
    `${error.message}\nThe run stopped early: ${partial}. Rerun the same command to resume: finished episodes are not run again.`,
    { cause: error },
  );
}

function skip(error: DataFormatError): SkippedEnvironment {
  warn(`${error.message}; skipped (--strict stops instead)`);
  const field = error.field === undefined ? "" : `field "${error.field}": `;
  return { line: error.line ?? 0, reason: `${field}${error.reason}` };
}

function warn(message: string): void {
  process.stderr.write(`toolgym: ${message}\n`);
}
