import { nestsDeeperThan } from "../io/nests-deeper-than.js";
import { MAX_JSON_DEPTH } from "../io/try-json-stringify.js";
import type { Message, ToolSpec } from "../records/message.js";

/**
 * Qwen2.5's chat template (ChatML with Hermes tool calls), written out in TypeScript so toolgym
 * produces and reads exactly the text the engines that train Qwen-family models produce: the
 * prompts OpenRLHF and verl render with `apply_chat_template`, and the prompt + response text
 * they send to a reward function. Character for character the Jinja template of
 * Qwen/Qwen2.5-*-Instruct (as vendored in trl/chat_templates/qwen2_5.jinja).
 */

export const IM_START = "<|im_start|>";
export const IM_END = "<|im_end|>";
export const QWEN_DEFAULT_SYSTEM =
  "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

const TOOLS_HEADER =
  "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>";
const TOOLS_FOOTER =
  '\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>';

/** Where the template's tool section starts inside a system prompt. */
export const HERMES_TOOLS_MARKER = TOOLS_HEADER;

/**
 * JSON as Jinja's `tojson` filter in Hugging Face's chat templates writes it: Python's
 * `json.dumps(x, ensure_ascii=False)`, whose separators are `", "` and `": "`.
 *
 * @example
 * pythonJson({ a: [1, "x"], b: {} }) // '{"a": [1, "x"], "b": {}}'
 */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The system prompt the template builds when `tools` are given: the conversation's own system
 * prompt (or Qwen's default), then the tool section. Putting this text into the system message
 * makes any engine that renders the conversation *without* tools (OpenRLHF's and verl's prompt
 * datasets) produce the very prompt Qwen2.5's template gives *with* them.
 *
 * @example
 * hermesSystemPrompt("Be brief.", [tool]).startsWith("Be brief.\n\n# Tools\n") // true
 */
export function hermesSystemPrompt(system: string | undefined, tools: readonly ToolSpec[]): string {
  const docs = tools.map((tool) => `\n${pythonJson(tool)}`).join("");
  return `${system ?? QWEN_DEFAULT_SYSTEM}${TOOLS_HEADER}${docs}${TOOLS_FOOTER}`;
}

/**
 * `messages` with the tool section merged into the first system message (one is added at the
 * front when there is none), so the tools reach the model through the prompt alone.
 */
export function withHermesToolsInSystem(
  messages: readonly Message[],
  tools: readonly ToolSpec[],
): Message[] {
  if (tools.length === 0) return [...messages];
  const [first, ...rest] = messages;
  if (first?.role === "system") {
    return [{ role: "system", content: hermesSystemPrompt(first.content, tools) }, ...rest];
  }
  return [{ role: "system", content: hermesSystemPrompt(undefined, tools) }, ...messages];
}

/**
 * Renders a conversation as Qwen2.5's template does (`apply_chat_template(messages, tools=tools,
 * add_generation_prompt=generationPrompt, tokenize=False)`): `<|im_start|>role\n…<|im_end|>\n`
 * turns, each call as `\n<tool_call>\n{"name": "…", "arguments": {…}}\n</tool_call>`, and a run
 * of tool results as one user turn of `\n<tool_response>\n…\n</tool_response>` blocks. Arguments
 * that are not valid JSON are written as they are.
 */
export function renderHermesChat(options: {
  messages: readonly Message[];
  tools?: readonly ToolSpec[];
  generationPrompt?: boolean;
}): string {
  const { messages, tools = [], generationPrompt = false } = options;
  const first = messages[0];
  const system = first?.role === "system" ? first.content : undefined;
  let out =
    tools.length > 0
      ? `${IM_START}system\n${hermesSystemPrompt(system, tools)}${IM_END}\n`
      : `${IM_START}system\n${system ?? QWEN_DEFAULT_SYSTEM}${IM_END}\n`;
  messages.forEach((message, i) => {
    if (message.role === "system") {
      if (i > 0) out += `${IM_START}system\n${message.content}${IM_END}\n`;
    } else if (message.role === "user") {
      out += `${IM_START}user\n${message.content}${IM_END}\n`;
    } else if (message.role === "assistant") {
      const calls = message.tool_calls ?? [];
      if (calls.length === 0) {
        out += `${IM_START}assistant\n${message.content ?? ""}${IM_END}\n`;
        return;
      }
      out += `${IM_START}assistant${message.content ? `\n${message.content}` : ""}`;
      for (const call of calls) {
        const args = parseJson(call.function.arguments);
        const argsText =
          (args === undefined ? undefined : tryPythonJson(args)) ?? call.function.arguments;
        out += `\n<tool_call>\n{"name": "${call.function.name}", "arguments": ${argsText}}\n</tool_call>`;
      }
      out += `${IM_END}\n`;
    } else {
      if (messages[i - 1]?.role !== "tool") out += `${IM_START}user`;
      out += `\n<tool_response>\n${message.content}\n</tool_response>`;
      if (messages[i + 1]?.role !== "tool") out += `${IM_END}\n`;
    }
  });
  return generationPrompt ? `${out}${IM_START}assistant\n` : out;
}

/** `pythonJson(value)`, or undefined for arguments nested too deep for it (it recurses). */
function tryPythonJson(value: unknown): string | undefined {
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) return undefined;
  try {
    return pythonJson(value);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
