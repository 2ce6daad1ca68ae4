import { join } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { environmentsLike } from "../../envgen/index.js";
import { describeKernel } from "../../model/index.js";
import {
  deriveSeed,
  type FreshEnvironments,
  type MetricsRecord,
  RNG_STREAMS,
  resolveRunConfig,
  type TrainConfig,
  type TrainFlags,
  train,
  trainFlagSpecs,
} from "../../train/index.js";
import { createProgress } from "../progress.js";

export interface TrainCommandOptions extends TrainFlags {
  out: string;
  config?: string;
  resume?: boolean;
  stopAt?: number;
}

/**
 * `toolgym train`: resolve the config (the resumed run's, `--config FILE`, the flags), train,
 * and show progress: a bar with the latest metrics on a terminal, otherwise a line per
 * twentieth of the run and one per evaluation.
 */
export async function trainCommand(options: TrainCommandOptions): Promise<void> {
  const { out, config: configFile, resume, stopAt, ...flags } = options;
  const config = resolveRunConfig({ out, resume, configFile, flags });
  const last = Math.min(stopAt ?? config.steps, config.steps);
  // A bar on a terminal; in a log file a line per twentieth of the run and per evaluation.
  const bar = process.stderr.isTTY
    ? createProgress({ total: last, label: `train ${config.algo}` })
    : undefined;
  const every = Math.max(1, Math.round(last / 20));
  const onLog = (record: MetricsRecord) => {
    const info = summaryLine(record);
    if (bar && record.kind === "train") bar.update(record.step, { info });
    if (!bar && (record.kind === "eval" || record.step % every === 0)) {
      process.stderr.write(`step ${record.step}/${last} ${info}\n`);
    }
  };
  const started = performance.now();
  process.stderr.write(`train ${config.algo}: kernel ${describeKernel()}\n`);
  const freshEnvs = freshEnvironmentsOf(config);
  const result = await train({ config, out, resume, stopAt, onLog, freshEnvs });
  bar?.stop();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${config.algo}: ${result.step} steps` +
      (result.resumedFrom === undefined ? "" : ` (resumed from step ${result.resumedFrom})`) +
      ` in ${seconds}s → ${result.checkpoint ?? join(out, "checkpoints")}, ${join(out, "metrics.jsonl")}\n`,
  );
  if (result.lastEval) process.stdout.write(`held-out: ${summaryLine(result.lastEval)}\n`);
}

/**
 * New environments like `config.envs`' every step (`config.freshEnvs`), for the algorithms that
 * train on environments; says on stderr what it uses, and when it falls back to the file.
 */
export function freshEnvironmentsOf(config: TrainConfig): FreshEnvironments | undefined {
  const { algo, envs, freshEnvs, seed } = config;
  if (!freshEnvs || envs === undefined) return undefined;
  if (algo !== "sft" && algo !== "grpo" && algo !== "reinforce-pp") return undefined;
  // sft with prepared examples as well trains on both, from the files (the stream would leave
  // the examples out).
  if (config.data !== undefined) return undefined;
  const fresh = environmentsLike({
    file: envs,
    seedOf: (index) => deriveSeed(seed, RNG_STREAMS.freshEnvs, index),
  });
  process.stderr.write(
    fresh === undefined
      ? `train ${algo}: ${envs} has no procedural build options (${envs}.stats.json): training on its own environments\n`
      : `train ${algo}: ${fresh.description}\n`,
  );
  return fresh;
}

/** The few numbers worth watching, from whichever a record has. */
export function summaryLine(record: MetricsRecord): string {
  const shown: [string, string][] = [
    ["loss", "loss"],
    ["rollout_reward_mean", "reward"],
    ["rollout_solve_f1", "f1"],
    ["kl", "kl"],
    ["rank_accuracy", "rank acc"],
    ["reward_accuracy", "pref acc"],
    ["eval_loss", "loss"],
    ["eval_nll", "nll"],
    ["eval_solve_f1", "solve-f1"],
    ["eval_answer_accuracy", "answer acc"],
    ["eval_rank_accuracy", "rank acc"],
    ["eval_reward_accuracy", "pref acc"],
  ];
  const parts = shown
    .filter(([key]) => typeof record[key] === "number")
    .map(([key, label]) => `${label} ${(record[key] as number).toFixed(3)}`);
  const tokS = Object.entries(record)
    .filter(([key]) => key.startsWith("tok_s_"))
    .map(([key, v]) => `${key.slice(6)} ${Math.round(v as number)}`);
  if (tokS.length > 0) parts.push(`tok/s ${tokS.join(" ")}`);
  const label = record.kind === "eval" ? "eval " : record.copy_warmup === 1 ? "copy warm-up " : "";
  return `${label}${parts.join(" | ")}`;
}

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected an integer ≥ 1");
  return n;
};
const number = (value: string) => {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n))
    throw new InvalidArgumentError("expected a number");
  return n;
};

/**
 * Adds `toolgym train` to the program. The config flags come from `trainFlagSpecs` (declared
 * once in train, typed, bounded and defaulted by `trainConfigSchema`): here they are only read —
 * text to numbers — and a value out of bounds is reported by the config's resolution, naming the
 * flag. A flag not given leaves the config file's value or the default.
 */
export function registerTrainCommand(program: Command): void {
  const command = program
    .command("train")
    .description(
      "train the built-in model (sft, rrhf, dpo, grpo, reinforce-pp); write OUT/checkpoints/step-N, OUT/metrics.jsonl, OUT/config.json",
    )
    .requiredOption("--out <dir>", "run directory")
    .option("--config <file>", "JSON config (field names of trainConfigSchema); flags override it")
    .option("--resume", "continue the run in --out from its newest checkpoint, bit-identically")
    .option(
      "--stop-at <step>",
      "stop after this step (the schedule still spans --steps)",
      positiveInt,
    );
  for (const spec of trainFlagSpecs()) {
    if (spec.kind === "boolean") {
      // Both forms, so that a flag not given stays undefined (commander defaults a lone
      // `--no-x` to true, which would override a config file or a resumed run).
      command.addOption(new Option(spec.flag, spec.help));
      command.addOption(new Option(spec.flag.replace(/^--/, "--no-"), `(see ${spec.flag})`));
      continue;
    }
    const option = new Option(`${spec.flag} <${spec.arg}>`, spec.help);
    if (spec.kind === "number") option.argParser(number);
    if (spec.choices !== undefined) option.choices(spec.choices);
    command.addOption(option);
  }
  command.action((options: TrainCommandOptions) => trainCommand(options));
}
