import type { AssistantMessage, Message } from "../records/message.js";
import { HERMES_TOOLS_MARKER, IM_END, IM_START } from "./render-hermes-chat.js";
import { parseTextToolCalls } from "./text-tool-calls.js";

const END_OF_TEXT = "<|endoftext|>";
const TOOL_RESPONSE = /<tool_response>\n?([\s\S]*?)\n?<\/tool_response>/g;
const THINK = /<think>[\s\S]*?<\/think>\s*/g;

/**
 * Reads text in Qwen2.5's chat format (see `renderHermesChat`) back into OpenAI messages: what a
 * training engine sends a reward function as "prompt + response", a response alone, or a whole
 * multi-turn rollout.
 *
 * - Text before the first `<|im_start|>` is an assistant turn: a response decoded on its own
 *   starts inside the assistant turn the prompt opened.
 * - Responses decoded with `skip_special_tokens=True` (verl's `solution_str`) have lost their
 *   `<|im_start|>`/`<|im_end|>` markers; the turn boundaries of a tool loop are still readable
 *   (`</tool_call>` + `\nuser\n<tool_response>` and `</tool_response>` + `\nassistant\n`) and are
 *   restored before parsing.
 * - A user turn made only of `<tool_response>` blocks is one tool message per block, paired by
 *   position with the previous assistant turn's calls (ids `call_<turn>_<i>`, as every
 *   text-format policy numbers them).
 * - Assistant text is parsed with `parseTextToolCalls`; `<think>…</think>` is dropped (the
 *   template drops reasoning from history too); a truncated last turn is kept as it is.
 * - A system prompt loses the tool section the template added to it.
 *
 * @example
 * parseHermesChat('<tool_call>\n{"name": "f", "arguments": {}}\n</tool_call>\nuser\n<tool_response>\n7\n</tool_response>\nassistant\nIt is 7.')
 * // [assistant calling f (call_0_0), tool "7" for call_0_0, assistant "It is 7."]
 */
export function parseHermesChat(text: string): Message[] {
  const restored = text
    .replace(/(<\/tool_call>)[ \t]*\n?user\n(?=<tool_response>)/g, `$1${IM_END}\n${IM_START}user\n`)
    .replace(/(<\/tool_response>)[ \t]*\n?assistant\n/g, `$1${IM_END}\n${IM_START}assistant\n`);
  const [lead, ...turns] = restored.split(IM_START);
  const messages: Message[] = [];
  let assistantTurns = 0;
  const pushAssistant = (body: string) => {
    messages.push(assistantMessage(body, assistantTurns++));
  };
  if (stripEnd(lead).trim() !== "") pushAssistant(stripEnd(lead));
  for (const turn of turns) {
    const newline = turn.indexOf("\n");
    const role = (newline < 0 ? turn : turn.slice(0, newline)).trim();
    const body = newline < 0 ? "" : stripEnd(turn.slice(newline + 1));
    if (role === "assistant") pushAssistant(body);
    else if (role === "system") messages.push({ role: "system", content: systemContent(body) });
    else if (role === "tool") messages.push(toolMessage(messages, body));
    else if (role === "user") {
      const responses = toolResponses(body);
      if (responses === undefined) messages.push({ role: "user", content: body });
      else for (const content of responses) messages.push(toolMessage(messages, content));
    }
  }
  return messages;
}

/** The body up to `<|im_end|>` (or the end), without a trailing `<|endoftext|>`. */
function stripEnd(body: string): string {
  const end = body.indexOf(IM_END);
  const cut = end < 0 ? body : body.slice(0, end);
  return cut.replaceAll(END_OF_TEXT, "");
}

function systemContent(body: string): string {
  const tools = body.indexOf(HERMES_TOOLS_MARKER);
  return tools < 0 ? body : body.slice(0, tools);
}

/** The contents of a user turn made only of `<tool_response>` blocks, else undefined. */
function toolResponses(body: string): string[] | undefined {
  const contents: string[] = [];
  const rest = body.replace(TOOL_RESPONSE, (_, content: string) => {
    contents.push(content);
    return "";
  });
  return contents.length > 0 && rest.trim() === "" ? contents : undefined;
}

function assistantMessage(body: string, turn: number): AssistantMessage {
  return assistantFromCallText(body.replace(THINK, ""), turn);
}

/**
 * A model's text for one assistant turn as a message: its text-format tool calls (Hermes
 * `<tool_call>` blocks) become calls with ids `call_<turn>_<i>`, as every text-format policy
 * numbers them; text without a call is the answer.
 */
export function assistantFromCallText(text: string, turn: number): AssistantMessage {
  const parsed = parseTextToolCalls(text);
  if (parsed.calls.length === 0) return { role: "assistant", content: text.trim() };
  return {
    role: "assistant",
    content: parsed.content === "" ? null : parsed.content,
    tool_calls: parsed.calls.map((call, i) => ({
      id: `call_${turn}_${i}`,
      type: "function" as const,
      function: { name: call.name, arguments: call.arguments },
    })),
  };
}

/** A tool message answering the next unanswered call of the latest assistant turn. */
function toolMessage(messages: readonly Message[], content: string): Message {
  let answered = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.role === "tool") answered++;
    else if (message.role === "assistant") {
      const id = message.tool_calls?.[answered]?.id ?? `call_unmatched_${answered}`;
      return { role: "tool", tool_call_id: id, content };
    } else break;
  }
  return { role: "tool", tool_call_id: `call_unmatched_${answered}`, content };
}
