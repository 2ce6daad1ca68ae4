import { triceMessages } from "../../chat/index.js";
import {
  type AssistantMessage,
  type MathProblem,
  type Message,
  mapPool,
  renderCalculatorCall,
  renderTriceAnswer,
} from "../../core/index.js";
import { type DirectRule, executeTriceCandidate, type ToolNeed } from "../../env/index.js";
import type { Policy } from "../../policy/index.js";
import { triceExecutionScore } from "../../reward/index.js";
import { triceGoldResponse } from "./build-sft-examples.js";
import type { TriceCandidateList, TriceCandidateRecord } from "./records.js";

/** A policy asked `samples` times per question: the built-in model, any OpenAI-compatible endpoint. */
export interface TriceCandidateSource {
  /** Written into each candidate's `source`; default the policy's name. */
  readonly name?: string;
  readonly policy: Policy;
  readonly samples: number;
  /**
   * The conversation the source is asked with; default `triceMessages(question)`, the question
   * alone, as the built-in model is trained (an endpoint wants a system prompt that explains
   * the calculator, or one that withholds it: eval/math's `mathMessages`).
   */
  readonly messages?: (question: string) => Message[];
}

export interface BuildTriceCandidateListsOptions {
  readonly problems: readonly MathProblem[];
  readonly sources: readonly TriceCandidateSource[];
  /** Put the gold response (`triceGoldResponse`) among the candidates; default true. */
  readonly includeGold?: boolean;
  /**
   * Also put the gold answer in the other form (source `gold-other`): the answer stated
   * directly where the gold calls the calculator, the calculator call of the equation where the
   * gold answers directly. Right but inconsistent in its tool use, it scores 1, so the ranking
   * teaches when to use the tool. Default false.
   */
  readonly goldOtherForm?: boolean;
  /** Which problems the gold answers directly (see `triceGoldResponse`). */
  readonly directRule?: DirectRule;
  /** Policy requests in flight; the built-in policy samples concurrent ones in one batch. */
  readonly concurrency?: number;
  /** After each question. */
  readonly onList?: (list: TriceCandidateList, progress: { done: number; total: number }) => void;
  readonly signal?: AbortSignal;
}

/**
 * TRICE Stage II data: for each question, k responses from several sources — the gold one, the
 * model's own samples, any other policy — each executed (`executeTriceCandidate`) and scored
 * against the gold answer with TRICE's execution score (gold 3, right with consistent tool use
 * 2, right otherwise 1, wrong in (0, 1), unreadable 0). Each source sees the question alone,
 * as TRICE's format asks it (`triceMessages`); its answer's text content is the response.
 *
 * @returns one list per problem, in problem order
 *
 * @example
 * const lists = await buildTriceCandidateLists({
 *   problems: await loadGsm8k({ limit: 500 }),
 *   sources: [{ policy: createBuiltinPolicy({ dir: "runs/sft" }), samples: 4 },
 *             { policy: createOpenAIPolicy({ model, baseURL }), samples: 1 }],
 * });
 */
export async function buildTriceCandidateLists({
  problems,
  sources,
  includeGold = true,
  goldOtherForm = false,
  directRule,
  concurrency = 32,
  onList,
  signal,
}: BuildTriceCandidateListsOptions): Promise<TriceCandidateList[]> {
  const asks = problems.flatMap((_, p) =>
    sources.flatMap((source, s) => Array.from({ length: source.samples }, (_, k) => ({ p, s, k }))),
  );
  // Answers land in fixed slots, so the order of the candidates does not depend on timing.
  const slots = problems.map(() => sources.map((s) => new Array<string>(s.samples)));
  const remaining = problems.map(() => sources.reduce((n, s) => n + s.samples, 0));
  const lists: (TriceCandidateList | undefined)[] = problems.map(() => undefined);
  let done = 0;
  const finish = (p: number) => {
    const problem = problems[p];
    const gold = triceGoldResponse(problem, directRule);
    const responses: Response[] = includeGold
      ? [{ response: gold.response, source: "gold", isGold: true }]
      : [];
    const other = goldOtherForm ? otherForm(problem, gold.toolNeed) : undefined;
    if (other !== undefined)
      responses.push({ response: other, source: "gold-other", isGold: false });
    sources.forEach((source, s) => {
      for (const response of slots[p][s]) {
        responses.push({ response, source: source.name ?? source.policy.name, isGold: false });
      }
    });
    const list = scoreList(problem, gold.usedTool, responses);
    lists[p] = list;
    onList?.(list, { done: ++done, total: problems.length });
  };
  problems.forEach((_, p) => {
    if (remaining[p] === 0) finish(p);
  });
  await mapPool(asks, { concurrency, signal }, async ({ p, s, k }) => {
    const { question } = problems[p];
    const { message } = await sources[s].policy.act({
      messages: (sources[s].messages ?? triceMessages)(question),
      tools: [],
      signal,
    });
    slots[p][s][k] = responseText(message);
    if (--remaining[p] === 0) finish(p);
  });
  return lists.map((list) => list!);
}

/**
 * The gold answer in the form the gold response does not take: stated directly, or — where
 * the gold answers directly because the equation is small — as its calculator call. A problem
 * without an equation that gives the answer has no other form.
 */
function otherForm(problem: MathProblem, need: ToolNeed): string | undefined {
  if (need === "tool") return renderTriceAnswer(problem.answer);
  return need === "direct" ? renderCalculatorCall(problem.formula!) : undefined;
}

/**
 * A reply as one TRICE response: its text, with any native calculator calls (a server whose
 * tool parser is on) written in TRICE's form in front.
 */
function responseText(message: AssistantMessage): string {
  const calls = (message.tool_calls ?? []).map((call) => {
    try {
      const args = JSON.parse(call.function.arguments) as { expression?: unknown };
      return renderCalculatorCall(String(args.expression ?? ""));
    } catch {
      return renderCalculatorCall("");
    }
  });
  return [...calls, message.content ?? ""].filter((part) => part !== "").join(" ");
}

interface Response {
  response: string;
  source: string;
  isGold: boolean;
}

function scoreList(
  problem: MathProblem,
  goldUsedTool: boolean,
  responses: readonly Response[],
): TriceCandidateList {
  const executed = responses.map((r) => ({ ...r, ...executeTriceCandidate(r.response) }));
  const [scores] = triceExecutionScore(
    [executed.map((c) => ({ prediction: c.prediction, usedTool: c.usedTool, isGold: c.isGold }))],
    [{ answer: problem.answer, usedTool: goldUsedTool }],
  );
  const candidates: TriceCandidateRecord[] = executed.map((c, i) => ({
    response: c.response,
    source: c.source,
    prediction: c.prediction,
    used_tool: c.usedTool,
    score: scores[i],
  }));
  return {
    id: problem.id,
    question: problem.question,
    answer: problem.answer,
    gold_used_tool: goldUsedTool,
    candidates,
  };
}
