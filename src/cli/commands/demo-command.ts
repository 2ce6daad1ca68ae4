import { type Command, InvalidArgumentError } from "commander";
import { formatEvalComparison } from "../../report/index.js";
import { describeRequest } from "../demo/demo-directory.js";
import { formatDuration } from "../demo/demo-progress.js";
import { type DemoResult, runDemo } from "../demo/run-demo.js";
import { nonNegativeInt, positiveInt } from "./math-data-options.js";

export interface DemoCommandOptions {
  out: string;
  seed: number;
  minutes: number;
  trainEnvs: number;
  sftSteps?: number;
  rlSteps?: number;
  heldOut?: number;
  config?: string;
  force?: boolean;
}

/**
 * `toolgym demo`: the whole loop on the built-in model in a time budget (`runDemo`), its
 * progress on stderr, then the summary on stdout: the held-out table before and after each
 * stage, the report's path, the kernel, the wall time, and the flags that repeat the run.
 */
export async function demoCommand(options: DemoCommandOptions): Promise<void> {
  const result = await runDemo({
    out: options.out,
    seed: options.seed,
    minutes: options.minutes,
    trainEnvs: options.trainEnvs,
    sftSteps: options.sftSteps,
    rlSteps: options.rlSteps,
    heldOut: options.heldOut,
    configFile: options.config,
    force: options.force,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(formatDemoSummary(result, options));
}

/** The summary a person reads at the end. */
export function formatDemoSummary(result: DemoResult, options: DemoCommandOptions): string {
  const { plan, report, stageSeconds: s } = result;
  const kb = (report.bytes / 1024).toFixed(0);
  const took = (stage: keyof typeof s) =>
    s[stage] === undefined ? "kept" : formatDuration(s[stage]);
  const evalSeconds = [s.evalUntrained, s.evalSft, s.evalRl].reduce<number>(
    (a, b) => a + (b ?? 0),
    0,
  );
  const again = [
    "toolgym demo",
    describeRequest({ ...result.request, config: {} }),
    ...(options.config === undefined ? [] : [`--config ${options.config}`]),
    `--out ${options.out}`,
    "--force",
  ].join(" ");
  return [
    `held-out: ${plan.heldOut} environments of the test split (unseen entities), greedy; mean and 95% interval`,
    formatEvalComparison(report.evals),
    ...(result.sftHeldOutLoss === undefined
      ? []
      : [
          `sft's loss on the held-out gold plans: ${result.sftHeldOutLoss.before.toFixed(3)} → ` +
            `${result.sftHeldOutLoss.after.toFixed(3)} nats/token`,
        ]),
    "",
    `report → ${report.file} (${kb} KB; open it in a browser)`,
    `kernel: ${result.kernel}`,
    `wall time: ${formatDuration(result.seconds)} (environments ${took("envs")}, ` +
      `sft ${steps(plan.sftSteps)} ${took("sft")}, grpo ${steps(plan.rlSteps)} ${took("rl")}, ` +
      `evaluations ${formatDuration(evalSeconds)}, report ${took("report")})`,
    `the same run again: ${again}`,
    "",
  ].join("\n");
}

const steps = (n: number) => `${n} step${n === 1 ? "" : "s"}`;

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError("expected a positive number");
  return n;
}

/** Adds `toolgym demo` to the program. */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "the whole loop in a time budget: build environments, train the built-in model with sft then grpo, evaluate held-out before and after each, write OUT/report.html",
    )
    .option("--out <dir>", "output directory (a rerun continues an unfinished demo)", "runs/demo")
    .option("--seed <n>", "seed of the environments, data order and sampling", nonNegativeInt, 1)
    .option(
      "--minutes <n>",
      "time budget the steps and held-out environments are sized to (on this machine, now)",
      positiveNumber,
      10,
    )
    .option(
      "--train-envs <n>",
      "environments of the training file: its conversations train the tokenizer (training draws fresh ones every step)",
      positiveInt,
      3000,
    )
    .option(
      "--sft-steps <n>",
      "sft steps instead of the budget's (with the next two: the same run again)",
      positiveInt,
    )
    .option("--rl-steps <n>", "grpo steps instead of the budget's", positiveInt)
    .option("--held-out <n>", "held-out environments instead of the budget's", positiveInt)
    .option(
      "--config <file>",
      "train config (field names of trainConfigSchema) over the recipe's defaults, for both stages",
    )
    .option("--force", "start over when --out holds a demo (its files only are deleted)")
    .action((options: DemoCommandOptions) => demoCommand(options));
}
