import { existsSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import { ConfigError, type Message } from "../../core/index.js";
import { MATH_EXAMPLES, mathMessages } from "../../eval/math/index.js";
import { createBuiltinPolicy } from "../../policy/index.js";
import {
  augmentMathProblems,
  buildTriceCandidateLists,
  sftFromMathProblems,
  type TriceCandidateSource,
  writeJsonlRecords,
} from "../../train/index.js";
import { POLICY_SPEC_HELP, parsePolicySpec } from "../parse-policy-spec.js";
import { createProgress } from "../progress.js";
import {
  addMathDataOptions,
  directRuleOf,
  exampleCount,
  loadMathDataFlags,
  type MathDataFlags,
  nonNegativeInt,
  positiveInt,
} from "./math-data-options.js";

export interface TriceSftCommandOptions extends MathDataFlags {
  out: string;
  augment: number;
  seed: number;
}

/**
 * `toolgym trice sft`: TRICE Stage I data — each problem with its gold response, the
 * calculator call of its equation or, where the tool is not needed, the answer itself.
 */
export async function triceSftCommand(options: TriceSftCommandOptions): Promise<void> {
  const { problems } = await loadMathDataFlags(options);
  if (problems.length === 0) throw new ConfigError("--data", `${options.data} holds no problems`);
  const augmented =
    options.augment > 0
      ? augmentMathProblems(problems, { copies: options.augment, seed: options.seed })
      : problems;
  const examples = sftFromMathProblems(augmented, { directRule: directRuleOf(options) });
  writeJsonlRecords(options.out, examples);
  const count = (need: string) => examples.filter((e) => e.meta.tool_need === need).length;
  const variants = augmented.length - problems.length;
  process.stdout.write(
    `${examples.length} Stage I examples${variants > 0 ? ` (${problems.length} problems, ${variants} variants with new numbers)` : ""} → ${options.out}: ${count("tool")} call the calculator, ` +
      `${count("direct")} answer directly (small operations), ${count("no-equation")} answer directly (no equation gives the answer)\n`,
  );
}

export interface TriceCandidatesCommandOptions extends MathDataFlags {
  out: string;
  source: string[];
  gold: boolean;
  goldOtherForm?: boolean;
  system?: string;
  examples: number;
  maxNewTokens: number;
  seed: number;
  concurrency: number;
  timeoutMs?: number;
}

/**
 * One `--source`: `POLICY[,samples=N][,temperature=T][,tool=on|off][,name=NAME]`. `tool=off`
 * asks an endpoint to answer without the calculator; the built-in model reads no system prompt,
 * so it is asked as it was trained.
 */
interface SourceSpec {
  policy: string;
  samples: number;
  temperature?: number;
  tool: "on" | "off";
  name?: string;
}

function parseSourceSpec(spec: string): SourceSpec {
  const [policy, ...pairs] = spec.split(",");
  const source: SourceSpec = { policy, samples: 1, tool: "on" };
  for (const pair of pairs) {
    const [key, value = ""] = pair.split("=");
    const bad = (what: string) => new ConfigError("--source", `"${spec}": ${key}=${value} ${what}`);
    if (key === "samples") {
      if (!/^[1-9]\d*$/.test(value)) throw bad("is not a positive integer");
      source.samples = Number(value);
    } else if (key === "temperature") {
      if (!/^\d+(\.\d+)?$/.test(value)) throw bad("is not a non-negative number");
      source.temperature = Number(value);
    } else if (key === "tool") {
      if (value !== "on" && value !== "off") throw bad("is neither on nor off");
      source.tool = value;
    } else if (key === "name" && value !== "") source.name = value;
    else throw bad("is not one of samples=, temperature=, tool=, name=");
  }
  return source;
}

/**
 * `toolgym trice candidates`: TRICE Stage II data — per problem, the gold response (and its
 * other form) and the responses of each `--source`, executed and scored against the gold
 * answer (TRICE's execution score), as the candidate lists `toolgym train --algo rrhf` reads.
 */
export async function triceCandidatesCommand(
  options: TriceCandidatesCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const system = options.system === undefined ? undefined : readPrompt(options.system);
  const examples = MATH_EXAMPLES.slice(0, options.examples);
  const sources: TriceCandidateSource[] = options.source.map((spec, i) => {
    const s = parseSourceSpec(spec);
    if (s.policy.startsWith("builtin:")) {
      if (s.tool === "off")
        throw new ConfigError(
          "--source",
          `"${spec}": the built-in model reads no system prompt, so it cannot be told to answer without the calculator`,
        );
      const policy = createBuiltinPolicy({
        dir: s.policy.slice("builtin:".length),
        temperature: s.temperature ?? 1,
        maxNewTokens: options.maxNewTokens,
        seed: options.seed + i,
      });
      return { name: s.name ?? s.policy, policy, samples: s.samples };
    }
    if (s.policy === "oracle")
      throw new ConfigError("--source", "the gold responses are in by default (see --no-gold)");
    const policy = parsePolicySpec(s.policy, {
      apiKey: env.OPENAI_API_KEY,
      defaultBaseURL: env.OPENAI_BASE_URL,
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      temperature: s.temperature,
    });
    const format = s.tool === "on" ? "text" : "none";
    return {
      name: s.name ?? (s.tool === "on" ? policy.name : `${policy.name} (no tool)`),
      policy,
      samples: s.samples,
      messages: (question: string): Message[] =>
        mathMessages({ question, format, system, examples }),
    };
  });
  if (sources.length === 0 && !options.gold && !options.goldOtherForm)
    throw new ConfigError("--source", "no candidates: give a --source, or keep the gold ones");
  const { problems } = await loadMathDataFlags(options);
  if (problems.length === 0) throw new ConfigError("--data", `${options.data} holds no problems`);
  const progress = createProgress({ total: problems.length, label: "candidates" });
  const started = performance.now();
  const lists = await buildTriceCandidateLists({
    problems,
    sources,
    includeGold: options.gold,
    goldOtherForm: options.goldOtherForm ?? false,
    directRule: directRuleOf(options),
    concurrency: options.concurrency,
    onList: (_, { done }) => progress.update(done),
  });
  progress.stop();
  writeJsonlRecords(options.out, lists);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${lists.length} candidate lists in ${seconds}s → ${options.out}\n`);
  const bySource = new Map<string, { score: number; right: number; tool: number; n: number }>();
  for (const c of lists.flatMap((l) => l.candidates)) {
    const s = bySource.get(c.source) ?? { score: 0, right: 0, tool: 0, n: 0 };
    s.score += c.score;
    s.right += c.score >= 1 ? 1 : 0;
    s.tool += c.used_tool ? 1 : 0;
    s.n += 1;
    bySource.set(c.source, s);
  }
  for (const [source, s] of bySource) {
    process.stdout.write(
      `  ${source}: ${s.n} candidates, mean score ${(s.score / s.n).toFixed(3)}, right ${((100 * s.right) / s.n).toFixed(1)}%, tool use ${((100 * s.tool) / s.n).toFixed(1)}%\n`,
    );
  }
}

function readPrompt(file: string): string {
  if (!existsSync(file)) throw new ConfigError("--system", `${file}: no such file`);
  return readFileSync(file, "utf8").trim();
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Adds `toolgym trice sft` and `toolgym trice candidates` (TRICE's Stage I and II data). */
export function registerTriceCommands(program: Command): void {
  const trice = program
    .command("trice")
    .description(
      "TRICE's training data for math word problems: Stage I examples, Stage II candidates",
    );
  const sft = trice
    .command("sft")
    .description(
      "Stage I: each problem with its gold response (calculator call, or the answer where the tool is not needed) as SFT examples",
    )
    .requiredOption("--out <file>", "SFT examples (JSONL) for toolgym train --algo sft --data");
  addMathDataOptions(sft)
    .option(
      "--augment <k>",
      "add k variants of each problem with its numbers redrawn (augmentMathProblems)",
      nonNegativeInt,
      0,
    )
    .option("--seed <n>", "seed of the redrawn numbers", nonNegativeInt, 0)
    .action((options: TriceSftCommandOptions) => triceSftCommand(options));

  const candidates = trice
    .command("candidates")
    .description(
      "Stage II: per problem, gold and sampled responses executed and scored (TRICE's execution score), for toolgym train --algo rrhf --data",
    )
    .requiredOption("--out <file>", "candidate lists (JSONL)");
  addMathDataOptions(candidates)
    .option(
      "--source <spec>",
      `${POLICY_SPEC_HELP.replace("oracle | ", "")}[,samples=N][,temperature=T][,tool=on|off][,name=NAME]; repeat for several`,
      collect,
      [],
    )
    .option("--no-gold", "leave the gold response out")
    .option(
      "--gold-other-form",
      "also the gold answer in the other form (stated where the gold calls the calculator, and the reverse), scored 1",
    )
    .option("--system <file>", "system prompt for endpoint sources (default: mathMessages')")
    .option(
      "--examples <n>",
      `few-shot examples for endpoint sources (0 to ${MATH_EXAMPLES.length})`,
      exampleCount,
      0,
    )
    .option(
      "--max-new-tokens <n>",
      "tokens a built-in source may sample per response",
      positiveInt,
      48,
    )
    .option(
      "--seed <n>",
      "sampling seed of the built-in sources (source i uses seed + i)",
      nonNegativeInt,
      1,
    )
    .option("--concurrency <n>", "requests in flight", positiveInt, 32)
    .option("--timeout-ms <ms>", "per-request timeout of an openai source", positiveInt)
    .action((options: TriceCandidatesCommandOptions) => triceCandidatesCommand(options));
}
