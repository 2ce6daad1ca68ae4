import {
  type AssistantMessage,
  calculatorCalls,
  type MathProblem,
  type Message,
  numbersClose,
  readFinalAnswer,
} from "../../core/index.js";
import {
  CALCULATOR_TOOL,
  type CalculatorResult,
  calculatorOutput,
  callCalculator,
  type DirectRule,
  runCalculator,
  toolNeed,
} from "../../env/index.js";
import type { Policy } from "../../policy/index.js";
import type { MathToolFormat } from "./math-prompt.js";
import type { MathCall, MathTrajectory } from "./math-trajectory.js";

export interface MathEpisodeOptions {
  readonly problem: MathProblem;
  readonly policy: Policy;
  readonly toolFormat: MathToolFormat;
  /** The prompt (`mathMessages`): system prompt and question. */
  readonly messages: readonly Message[];
  /** Assistant turns at most (native: each call round is one); default 4. */
  readonly maxTurns?: number;
  /** Which problems the gold answers directly, for `tool_need`. */
  readonly directRule?: DirectRule;
  /** The trajectory's id; default the problem's. */
  readonly id?: string;
  readonly signal?: AbortSignal;
}

/**
 * Plays one math problem with the calculator and reads the answer.
 *
 * - `text` (TRICE): one assistant turn, no tools in the request. A reply with
 *   `calculator(<expression>)` calls (or native calculator calls, from a server whose tool
 *   parser is on) is a tool reply: every call is run, and the last one's value is the
 *   prediction (`calculator(18 - 10) gives (8).` → 8). A reply without one is a direct answer,
 *   read by `readFinalAnswer` (the last number, units and commas tolerated).
 * - `native`: the calculator is a function tool; each call is run and answered with a tool
 *   message (its value, or `error: …` for broken arguments, refused expressions or unknown
 *   tools), until a reply without calls, read by `readFinalAnswer`. Turns running out while
 *   the model still calls leave no prediction (`stop: "max_turns"`).
 *
 * Whatever the model writes is judged, never thrown; only the policy itself failing (a dead
 * endpoint) rejects.
 */
export async function runMathEpisode({
  problem,
  policy,
  toolFormat,
  messages: prompt,
  maxTurns = 4,
  directRule,
  id = problem.id,
  signal,
}: MathEpisodeOptions): Promise<MathTrajectory> {
  const messages: Message[] = [...prompt];
  const calls: MathCall[] = [];
  const usage = { prompt_tokens: 0, completion_tokens: 0 };
  let prediction: number | null = null;
  let stop: MathTrajectory["stop"] = "max_turns";
  const turns = toolFormat === "text" ? 1 : maxTurns;
  for (let turn = 0; turn < turns; turn++) {
    const response = await policy.act({
      messages,
      tools: toolFormat === "native" ? [CALCULATOR_TOOL] : [],
      signal,
    });
    usage.prompt_tokens += response.usage?.promptTokens ?? 0;
    usage.completion_tokens += response.usage?.completionTokens ?? 0;
    const message = response.message;
    messages.push(message);
    const native = message.tool_calls ?? [];
    if (toolFormat === "native" && native.length > 0) {
      for (const call of native) {
        const result =
          call.function.name === CALCULATOR_TOOL.function.name
            ? callCalculator(call.function.arguments)
            : unknownTool(call.function.name);
        calls.push(callRecord(turn, result));
        messages.push({ role: "tool", tool_call_id: call.id, content: calculatorOutput(result) });
      }
      continue;
    }
    stop = "answer";
    const results = toolFormat === "text" ? textCalls(message) : [];
    calls.push(...results.map((r) => callRecord(turn, r)));
    const last = results.at(-1);
    if (last !== undefined) prediction = last.ok ? last.value : null;
    else prediction = readFinalAnswer(message.content ?? "") ?? null;
    break;
  }
  return {
    id,
    problem_id: problem.id,
    policy: policy.name,
    tool_format: toolFormat,
    question: problem.question,
    answer: problem.answer,
    ...(problem.type === undefined ? {} : { type: problem.type }),
    tool_need: toolNeed(problem, directRule),
    messages,
    calls,
    prediction,
    correct: prediction !== null && numbersClose(prediction, problem.answer),
    used_tool: calls.length > 0,
    stop,
    ...(usage.prompt_tokens + usage.completion_tokens > 0 ? { usage } : {}),
  };
}

/** The calls of a TRICE-format reply: native calculator calls first, then those in its text. */
function textCalls(message: AssistantMessage): CalculatorResult[] {
  const native = (message.tool_calls ?? []).map((call) =>
    call.function.name === CALCULATOR_TOOL.function.name
      ? callCalculator(call.function.arguments)
      : unknownTool(call.function.name),
  );
  return [...native, ...calculatorCalls(message.content ?? "").map(runCalculator)];
}

function unknownTool(name: string): CalculatorResult {
  return {
    ok: false,
    expression: null,
    reason: `unknown tool "${name}"; the only tool is calculator`,
  };
}

function callRecord(turn: number, result: CalculatorResult): MathCall {
  return result.ok
    ? { turn, expression: result.expression, value: result.value }
    : { turn, expression: result.expression, error: result.reason };
}
