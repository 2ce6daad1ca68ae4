import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Command, Option } from "commander";
import { ConfigError, readJsonlLines, writeFileAtomic } from "../../core/index.js";
import {
  formatMathMetrics,
  MATH_EXAMPLES,
  MATH_TOOL_FORMATS,
  type MathToolFormat,
  MathTrajectorySchema,
  runMathEval,
} from "../../eval/math/index.js";
import { POLICY_SPEC_HELP, parsePolicySpec } from "../parse-policy-spec.js";
import { createProgress } from "../progress.js";
import {
  addMathDataOptions,
  directRuleOf,
  exampleCount,
  loadMathDataFlags,
  type MathDataFlags,
  nonNegativeNumber,
  positiveInt,
} from "./math-data-options.js";

export interface MathEvalCommandOptions extends MathDataFlags {
  policy: string;
  out: string;
  /** Default: `text` (TRICE's format) for builtin and oracle, `native` for openai. */
  toolFormat?: MathToolFormat;
  /** A file with the system prompt, or false (`--no-system`) for none. */
  system?: string | false;
  examples: number;
  maxTurns: number;
  concurrency: number;
  timeoutMs?: number;
  temperature?: number;
}

/**
 * `toolgym math eval`: every problem of a math data set played by a policy with the
 * calculator; `OUT/trajectories.jsonl` (appended as episodes end; a rerun resumes) and
 * `OUT/metrics.json` (accuracy, tool use, calculator errors, per type and per tool need).
 */
export async function mathEvalCommand(
  options: MathEvalCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const builtin = options.policy.startsWith("builtin:");
  const toolFormat =
    options.toolFormat ?? (options.policy.startsWith("openai:") ? "native" : "text");
  const policy =
    options.policy === "oracle"
      ? "oracle"
      : parsePolicySpec(options.policy, {
          apiKey: env.OPENAI_API_KEY,
          defaultBaseURL: env.OPENAI_BASE_URL,
          concurrency: options.concurrency,
          timeoutMs: options.timeoutMs,
          temperature: options.temperature,
        });
  // The built-in model is trained on TRICE's format without a system prompt (chat's
  // triceMessages), so by default it is asked the same way; a prompt it never saw would only
  // confuse it.
  const system =
    options.system === false
      ? null
      : options.system !== undefined
        ? readSystemPrompt(options.system)
        : builtin
          ? null
          : undefined;
  const { problems, skipped } = await loadMathDataFlags(options);
  if (problems.length === 0) throw new ConfigError("--data", `${options.data} holds no problems`);
  const trajectoriesFile = join(options.out, "trajectories.jsonl");
  const policyName = policy === "oracle" ? "oracle" : policy.name;
  checkResumable(trajectoriesFile, policyName, toolFormat);

  let progress: ReturnType<typeof createProgress> | undefined;
  const started = performance.now();
  const result = await runMathEval({
    problems,
    policy,
    toolFormat,
    system,
    examples: MATH_EXAMPLES.slice(0, options.examples),
    maxTurns: options.maxTurns,
    directRule: directRuleOf(options),
    concurrency: options.concurrency,
    out: trajectoriesFile,
    onTrajectory: (_, { done, total }) => {
      progress ??= createProgress({ total, label: "math eval" });
      progress.update(done);
    },
  });
  progress?.stop();
  const seconds = (performance.now() - started) / 1000;
  const { trajectories, played, resumed, ...summary } = result;
  const metrics = {
    data: options.data,
    ...(options.folds === undefined ? {} : { folds: options.folds }),
    digits: options.digits ?? false,
    ...summary,
    system: system === undefined ? "default" : system,
    examples: options.examples,
    skipped,
  };
  writeFileAtomic(join(options.out, "metrics.json"), `${JSON.stringify(metrics, null, 2)}\n`);
  process.stdout.write(`${formatMathMetrics(summary)}\n`);
  process.stdout.write(
    `\n${played} problems in ${seconds.toFixed(2)}s` +
      (resumed > 0 ? `, ${resumed} already done (resumed)` : "") +
      ` → ${trajectoriesFile}, ${join(options.out, "metrics.json")}\n`,
  );
  if (policy === "oracle" && summary.gold_equation_exceptions.length > 0) {
    process.stdout.write(
      `the gold equation misses the stated answer in ${summary.gold_equation_exceptions.length} problems (listed in metrics.json: gold_equation_exceptions)\n`,
    );
  }
}

function readSystemPrompt(file: string): string {
  if (!existsSync(file)) throw new ConfigError("--system", `${file}: no such file`);
  return readFileSync(file, "utf8").trim();
}

/** A resumed run must be the same policy and format: mixed episodes would make one metric. */
function checkResumable(file: string, policy: string, toolFormat: MathToolFormat): void {
  if (!existsSync(file)) return;
  const lines = readJsonlLines(file, MathTrajectorySchema, { invalid: "skip" });
  const other = lines.find(
    ({ value }) => value.policy !== policy || value.tool_format !== toolFormat,
  );
  if (other !== undefined) {
    throw new ConfigError(
      "--out",
      `${file}:${other.line} is an episode of ${other.value.policy} (${other.value.tool_format}), not ${policy} (${toolFormat}): give another --out, or remove it to start over`,
    );
  }
}

/** Adds `toolgym math eval` (the math track's commands live under `toolgym math`). */
export function registerMathCommands(program: Command): void {
  const math = program
    .command("math")
    .description("math word problems with a calculator (TRICE's track)");
  const evalCommand = math
    .command("eval")
    .description(
      "play a policy on math word problems with the calculator; write trajectories.jsonl and metrics.json",
    )
    .requiredOption("--policy <spec>", `${POLICY_SPEC_HELP} (oracle: the gold equations)`)
    .requiredOption(
      "--out <dir>",
      "output directory (rerunning resumes: problems already there are skipped)",
    );
  addMathDataOptions(evalCommand)
    .addOption(
      new Option(
        "--tool-format <format>",
        "native: the calculator as a function tool; text: TRICE's calculator(<expression>) (default: native for openai, text otherwise)",
      ).choices(MATH_TOOL_FORMATS),
    )
    .option(
      "--system <file>",
      "system prompt from a file (default: one that explains the calculator; none for builtin)",
    )
    .option("--no-system", "no system prompt")
    .option(
      "--examples <n>",
      `few-shot examples in the system prompt (0 to ${MATH_EXAMPLES.length})`,
      exampleCount,
      0,
    )
    .option("--max-turns <n>", "assistant turns per problem (native format)", positiveInt, 4)
    .option("--concurrency <n>", "problems in flight", positiveInt, 8)
    .option("--timeout-ms <ms>", "per-request timeout of an openai policy", positiveInt)
    .option(
      "--temperature <t>",
      "sampling temperature (default: the server's for openai:, greedy for builtin:)",
      nonNegativeNumber,
    )
    .action((options: MathEvalCommandOptions) => mathEvalCommand(options));
}
