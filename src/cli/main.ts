import { Command, InvalidArgumentError, Option } from "commander";
import { FileWriteError, ToolgymError } from "../core/index.js";
import { bfclCommand } from "./commands/bfcl-command.js";
import { registerDemoCommand } from "./commands/demo-command.js";
import { envsBuildCommand } from "./commands/envs-build-command.js";
import { envsStatsCommand } from "./commands/envs-stats-command.js";
import { evalCommand } from "./commands/eval-command.js";
import { registerExportCommand } from "./commands/export-command.js";
import { registerMathCommands } from "./commands/math-eval-command.js";
import { registerReportCommand } from "./commands/report-command.js";
import { registerServeCommands } from "./commands/serve-commands.js";
import { registerTrainCommand } from "./commands/train-command.js";
import { registerTriceCommands } from "./commands/trice-commands.js";
import { POLICY_SPEC_HELP } from "./parse-policy-spec.js";

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected an integer ≥ 0");
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError("expected a non-negative number");
  return n;
}

export function buildProgram(): Command {
  const program = new Command()
    .name("toolgym")
    .description("Verifiable tool-use environments, rewards and training for language models")
    .showHelpAfterError();

  const toolFormat = new Option("--tool-format <format>", "how tools reach an openai policy")
    .choices(["native", "text"])
    .default("native");

  program
    .command("eval")
    .description(
      "play a policy in every environment of a file; write trajectories.jsonl and metrics.json",
    )
    .requiredOption("--envs <file>", "environments (JSONL of EnvironmentRecord)")
    .requiredOption("--policy <spec>", POLICY_SPEC_HELP)
    .requiredOption(
      "--out <dir>",
      "output directory (rerunning resumes: episodes already there are skipped)",
    )
    .option("--concurrency <n>", "episodes in flight", positiveInt, 8)
    .option(
      "--workers <n>",
      "worker threads for the oracle (default: 1 under 2,000 episodes, else the cores, at most 4)",
      positiveInt,
    )
    .option("--max-turns <n>", "assistant turns per episode", positiveInt, 8)
    .option("--samples <n>", "trajectories per environment", positiveInt, 1)
    .option("--limit <n>", "only the first n environments", positiveInt)
    .option("--timeout-ms <ms>", "per-request timeout of an openai policy", positiveInt)
    .option(
      "--temperature <t>",
      "sampling temperature (default: the server's for openai:, greedy for builtin:)",
      nonNegativeNumber,
    )
    .option("--strict", "stop at the first bad environment instead of reporting and skipping it")
    .addOption(toolFormat)
    .action((options) => evalCommand(options));

  program
    .command("bfcl")
    .description(
      "Berkeley Function Calling Leaderboard accuracy per category (its AST and relevance rules)",
    )
    .option(
      "--data <dir>",
      "folder with the leaderboard's BFCL_v4_<category>.json and possible_answer/ (default: ../shared/data/bfcl beside the package)",
    )
    .option(
      "--categories <list>",
      "comma-separated categories or groups (live, non_live); default: all whose files are in --data",
    )
    .requiredOption("--policy <spec>", POLICY_SPEC_HELP)
    .option("--out <dir>", "also write bfcl-results.json here")
    .option("--concurrency <n>", "requests in flight", positiveInt, 8)
    .option("--limit <n>", "only the first n entries of each category", positiveInt)
    .option("--timeout-ms <ms>", "per-request timeout of an openai policy", positiveInt)
    .addOption(toolFormat)
    .action((options) => bfclCommand(options));

  const envs = program.command("envs").description("build verifiable tool-use environments");
  envs
    .command("build")
    .description("build verified environments (FTRL's five stages) and write them as JSONL")
    .requiredOption("--count <n>", "environments to build", positiveInt)
    .requiredOption("--seed <n>", "seed: the same seed gives the same file", nonNegativeInt)
    .requiredOption(
      "--out <file>",
      "output JSONL (written atomically; rejections in FILE.stats.json)",
    )
    .option("--scenarios <list>", "comma-separated scenarios, taken in turn (default all four)")
    .option("--complexity <spec>", "none|low|medium|high, then key=value overrides", "medium")
    .addOption(
      new Option("--split <split>", "hold out entities: train or test").choices(["train", "test"]),
    )
    .option("--test-fraction <f>", "share of the world held out for test", nonNegativeNumber, 0.2)
    .option("--hold-out-families <list>", "tool families only test environments use")
    .option("--hold-out-phrasings", "some phrasings of every question only in test")
    .option(
      "--workers <n>",
      "worker threads for the procedural backend (default: 1 under 1,000, else the cores, at most 4)",
      positiveInt,
    )
    // The LLM backend (envgen/llm): the five stages as prompts to an OpenAI-compatible endpoint.
    .option(
      "--llm-base-url <url>",
      "build with an LLM at this OpenAI-compatible API (OPENAI_API_KEY)",
    )
    .option("--llm-model <name>", "the model --llm-base-url serves")
    .option("--llm-concurrency <n>", "LLM requests in flight", positiveInt, 8)
    .option("--llm-cache <dir>", "cache of stage answers, so a rerun does not pay twice")
    .option(
      "--llm-seeds <file>",
      'topics, or questions ending in "?", one a line (default: built-in topics)',
    )
    .action((options) => envsBuildCommand(options));
  envs
    .command("stats")
    .description("counts per scenario, hops, tools, distractors, parameter types, rejections")
    .argument("<file>", "environments (JSONL of EnvironmentRecord)")
    .option("--json", "print the statistics as JSON")
    .action((file, options) => envsStatsCommand({ file, json: options.json }));

  registerTrainCommand(program);
  registerServeCommands(program);
  registerExportCommand(program);
  registerReportCommand(program);
  // The math track (TRICE): `toolgym math eval`, `toolgym trice sft|candidates`.
  registerMathCommands(program);
  registerTriceCommands(program);
  registerDemoCommand(program);
  return program;
}

/**
 * The CLI entry: operator errors print their message and exit 2, and so do the file system's
 * (a path that cannot be written, a full disk) wherever they surface; anything else is a bug.
 */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    const operator = error instanceof ToolgymError ? error : asFileWriteError(error);
    if (operator !== undefined) {
      process.stderr.write(`toolgym: ${operator.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

/** The system errors that are about where files go, not about toolgym's code. */
const FILE_SYSTEM_CODES = new Set([
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOSPC",
  "EDQUOT",
  "EFBIG",
  "ENOTDIR",
  "EISDIR",
]);

function asFileWriteError(error: unknown): FileWriteError | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (typeof code !== "string" || !FILE_SYSTEM_CODES.has(code) || typeof path !== "string") {
    return undefined;
  }
  return new FileWriteError(path, error);
}
