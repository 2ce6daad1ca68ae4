import { join } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import {
  type MetricsRecord,
  resolveRunConfig,
  TRAIN_ALGOS,
  type TrainFlags,
  train,
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
  const result = await train({ config, out, resume, stopAt, onLog });
  bar?.stop();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${config.algo}: ${result.step} steps` +
      (result.resumedFrom === undefined ? "" : ` (resumed from step ${result.resumedFrom})`) +
      ` in ${seconds}s → ${result.checkpoint ?? join(out, "checkpoints")}, ${join(out, "metrics.jsonl")}\n`,
  );
  if (result.lastEval) process.stdout.write(`held-out: ${summaryLine(result.lastEval)}\n`);
}

/** The few numbers worth watching, from whichever a record has. */
function summaryLine(record: MetricsRecord): string {
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
  return `${record.kind === "eval" ? "eval " : ""}${parts.join(" | ")}`;
}

const int = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
  return n;
};
const number = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError("expected a number");
  return n;
};

/**
 * Adds `toolgym train` to the program. Flags are only read here; every default lives in
 * `trainConfigSchema` (a flag not given leaves the config file's value or the default).
 */
export function registerTrainCommand(program: Command): void {
  program
    .command("train")
    .description(
      "train the built-in model (sft, rrhf, dpo, grpo, reinforce-pp); write OUT/checkpoints/step-N, OUT/metrics.jsonl, OUT/config.json",
    )
    .addOption(new Option("--algo <algo>", "training algorithm (default sft)").choices(TRAIN_ALGOS))
    .option(
      "--envs <file>",
      "training environments (JSONL): rollouts, gold-plan sft data, tokenizer",
    )
    .option("--data <file>", "prepared data (JSONL): sft examples, rrhf candidate lists, dpo pairs")
    .option("--eval-envs <file>", "held-out environments: Solve-F1 and answer accuracy")
    .option("--eval-data <file>", "held-out prepared data: rrhf ranking / dpo preference accuracy")
    .option("--init <dir>", "start from this checkpoint (default: a new tokenizer and random init)")
    .requiredOption("--out <dir>", "run directory")
    .option("--config <file>", "JSON config (field names of trainConfigSchema); flags override it")
    .option("--resume", "continue the run in --out from its newest checkpoint, bit-identically")
    .option("--stop-at <step>", "stop after this step (the schedule still spans --steps)", int(1))
    .option("--steps <n>", "optimizer steps", int(1))
    .option("--seed <n>", "seed of data order, sampling (same seed, same run)", int(0))
    .option("--batch-size <n>", "sequences / candidate lists / pairs / prompts per step", int(1))
    .option("--group-size <n>", "samples per prompt (grpo, reinforce-pp)", int(1))
    .option("--lr <lr>", "peak learning rate", number)
    .option("--min-lr <lr>", "learning rate at the end of the cosine", number)
    .option("--warmup-steps <n>", "linear warm-up steps", int(0))
    .option("--weight-decay <wd>", "AdamW weight decay", number)
    .option("--grad-clip <norm>", "global gradient norm clip (0 = off)", number)
    .option("--max-new-tokens <n>", "tokens per assistant turn when sampling", int(1))
    .option("--max-turns <n>", "assistant turns per episode", int(1))
    .option("--temperature <t>", "rollout sampling temperature", number)
    .option("--eval-temperature <t>", "held-out sampling temperature (0 = greedy)", number)
    .option("--concurrency <n>", "episodes in flight", int(1))
    .option(
      "--micro-batch-positions <n>",
      "padded positions per forward/backward; larger batches accumulate gradients",
      int(64),
    )
    .option("--kl-beta <b>", "KL coefficient to the reference (grpo, reinforce-pp)", number)
    .option("--clip-eps <e>", "PPO clip range ε (grpo, reinforce-pp)", number)
    .option("--rrhf-alpha <a>", "weight of the ranking term (rrhf)", number)
    .option("--dpo-beta <b>", "DPO β", number)
    .option("--log-interval <n>", "steps between metric records", int(1))
    .option("--eval-interval <n>", "steps between held-out evaluations (0 = start and end)", int(0))
    .option("--eval-limit <n>", "held-out environments / items evaluated (0 = all)", int(0))
    .option("--checkpoint-interval <n>", "steps between checkpoints", int(1))
    .option("--keep-checkpoints <n>", "newest checkpoints kept (0 = all)", int(0))
    .option("--ctx <n>", "context length of a new model", int(8))
    .option("--d-model <n>", "width of a new model", int(8))
    .option("--n-layer <n>", "layers of a new model", int(1))
    .option("--n-head <n>", "attention heads of a new model", int(1))
    .option("--vocab-size <n>", "vocabulary of a new tokenizer", int(265))
    .action((options: TrainCommandOptions) => trainCommand(options));
}
