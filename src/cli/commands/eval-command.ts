import { join } from "node:path";
import {
  ConfigError,
  EnvironmentRecordSchema,
  readJsonl,
  TrajectorySchema,
  writeFileAtomic,
} from "../../core/index.js";
import { formatMetricsTable } from "../../eval/index.js";
import { runRollouts, summarizeTrajectories } from "../../rollout/index.js";
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
}

/** `toolgym eval`: play a policy in every environment of a file, write trajectories and metrics. */
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
  let records = await readJsonl(options.envs, EnvironmentRecordSchema);
  if (options.limit !== undefined) records = records.slice(0, options.limit);
  if (records.length === 0)
    throw new ConfigError("--envs", `${options.envs} holds no environments`);

  const trajectoriesFile = join(options.out, "trajectories.jsonl");
  const total = records.length * options.samples;
  const progress = createProgress({ total, label: "eval" });
  const started = performance.now();
  const { trajectories, skipped } = await runRollouts({
    records,
    policy,
    out: trajectoriesFile,
    samplesPerEnv: options.samples,
    concurrency: options.concurrency,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    maxTurns: options.maxTurns,
    onTrajectory: (_, { done, skipped }) => progress.update(skipped + done),
  });
  progress.stop();
  const seconds = (performance.now() - started) / 1000;

  // Metrics cover the whole file, resumed episodes included; only this run's ids count.
  const wanted = new Set(records.map((r) => r.id));
  const all = (await readJsonl(trajectoriesFile, TrajectorySchema)).filter((t) =>
    wanted.has(t.env_id),
  );
  const report = summarizeTrajectories(all);
  writeFileAtomic(
    join(options.out, "metrics.json"),
    `${JSON.stringify({ envs: options.envs, policy: policy.name, ...report }, null, 2)}\n`,
  );
  process.stdout.write(`${formatMetricsTable(report)}\n`);
  process.stdout.write(
    `\n${trajectories.length} episodes in ${seconds.toFixed(2)}s` +
      (skipped > 0 ? `, ${skipped} already done (resumed)` : "") +
      ` → ${trajectoriesFile}, ${join(options.out, "metrics.json")}\n`,
  );
}
