import { triceMessages } from "../../chat/index.js";
import {
  type EnvironmentRecord,
  type MathProblem,
  renderCalculatorCall,
  renderTriceAnswer,
} from "../../core/index.js";
import { type DirectRule, type ToolNeed, toolNeed } from "../../env/index.js";
import { createOraclePolicy } from "../../policy/index.js";
import { runRollouts } from "../../rollout/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { SftExample } from "./records.js";

export interface SftFromEnvironmentsOptions {
  readonly records: readonly EnvironmentRecord[];
  /** Runs the tools; made (and disposed of) if omitted. */
  readonly sandbox?: Sandbox;
  readonly concurrency?: number;
}

export interface SftFromEnvironmentsResult {
  /** One example per environment whose gold plan replays perfectly, in record order. */
  readonly examples: SftExample[];
  /** Environments left out, with why (a gold plan that no longer solves its task). */
  readonly skipped: { id: string; reason: string }[];
}

/**
 * Behavior-cloning data from environments' gold plans: the oracle plays each environment (its
 * calls executed in the sandbox, so the tool outputs are the real ones), and the conversation
 * becomes an SFT example. Rendered with the chat template, the calls and the final answer are
 * the trained tokens; the tool outputs are masked.
 *
 * @example
 * const { examples } = await sftFromEnvironments({ records: await readJsonl("envs.jsonl", EnvironmentRecordSchema) });
 */
export async function sftFromEnvironments({
  records,
  sandbox,
  concurrency = 8,
}: SftFromEnvironmentsOptions): Promise<SftFromEnvironmentsResult> {
  const { trajectories } = await runRollouts({
    records,
    policy: createOraclePolicy(),
    sandbox,
    concurrency,
    // The oracle takes one turn per wave of its plan, plus the answer.
    maxTurns: Math.max(1, ...records.map((r) => r.subtasks.length + 1)),
  });
  const byId = new Map(trajectories.map((t) => [t.env_id, t]));
  const examples: SftExample[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const record of records) {
    const t = byId.get(record.id)!;
    if (t.metrics.solve_f1 !== 1 || !t.metrics.answer_correct) {
      skipped.push({
        id: record.id,
        reason: `the gold plan scores Solve-F1 ${t.metrics.solve_f1.toFixed(3)}, answer ${t.metrics.answer_correct ? "correct" : "wrong"}`,
      });
      continue;
    }
    examples.push({
      id: record.id,
      source: "env",
      messages: t.messages,
      tools: record.tools,
      meta: { env_id: record.id, scenario: record.scenario },
    });
  }
  return { examples, skipped };
}

export interface SftFromMathProblemsOptions {
  /** Which problems the gold answers directly (env's `DirectRule`; default one-digit facts). */
  readonly directRule?: DirectRule;
}

/**
 * Behavior-cloning data for TRICE's math track (Stage I): each problem as a question and its
 * gold response (`triceGoldResponse`) in TRICE's format — the calculator call of its equation,
 * or the answer itself where the tool is not needed — so behaviour cloning sees both.
 *
 * @example
 * sftFromMathProblems(await loadMawps())[0].messages
 * // [{ role: "user", content: "… 56 books in each of his 9 bookshelves …" },
 * //  { role: "assistant", content: "calculator(56 * 9)" }]
 */
export function sftFromMathProblems(
  problems: readonly MathProblem[],
  { directRule }: SftFromMathProblemsOptions = {},
): SftExample[] {
  return problems.map((problem) => {
    const gold = triceGoldResponse(problem, directRule);
    return {
      id: problem.id,
      source: problem.source,
      messages: triceMessages(problem.question, gold.response),
      tools: [],
      meta: { answer: problem.answer, used_tool: gold.usedTool, tool_need: gold.toolNeed },
    };
  });
}

export interface TriceGoldResponse {
  /** `calculator(<formula>)` or `The answer is <n>.` */
  readonly response: string;
  readonly usedTool: boolean;
  /** Why it calls the tool or not (env's `toolNeed`). */
  readonly toolNeed: ToolNeed;
}

/**
 * The gold TRICE response of a math problem (env's `toolNeed` decides which):
 *
 * - `tool`: the calculator call of its formula, which executes to the answer;
 * - `direct`: `The answer is <n>.` — the formula is one small operation (`DirectRule`) or a
 *   bare number, which a model can do without the tool;
 * - `no-equation`: `The answer is <n>.` — there is no formula that gives the answer.
 *
 * @example
 * triceGoldResponse({ id: "m", question: "…", answer: 504, formula: "56 * 9", source: "mawps" })
 * // { response: "calculator(56 * 9)", usedTool: true, toolNeed: "tool" }
 * triceGoldResponse({ id: "a", question: "…", answer: 9, formula: "7+2", source: "asdiv" })
 * // { response: "The answer is 9.", usedTool: false, toolNeed: "direct" }
 */
export function triceGoldResponse(
  problem: MathProblem,
  directRule?: DirectRule,
): TriceGoldResponse {
  const need = toolNeed(problem, directRule);
  return need === "tool"
    ? { response: renderCalculatorCall(problem.formula!), usedTool: true, toolNeed: need }
    : { response: renderTriceAnswer(problem.answer), usedTool: false, toolNeed: need };
}
