import type OpenAI from "openai";
import {
  type Message,
  parseTextToolCalls,
  renderTextToolCalls,
  type ToolCall,
  type ToolSpec,
} from "../core/index.js";
import { generatedCallId, type ToolFormat } from "./tool-format.js";

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/**
 * Tool calling in text, for servers without native tool calling (or with its parser off), the
 * way Qwen2.5's chat template and Hermes do it, so such models see what they were trained on:
 *
 * - the tool specs go into the system prompt as a `<tools>` block with the instruction to
 *   answer with `<tool_call>{"name": …, "arguments": {…}}</tool_call>`; no `tools` field;
 * - earlier assistant calls are rendered back as those blocks;
 * - tool results become user messages wrapped in `<tool_response>…</tool_response>` (role
 *   "tool" is rejected by some servers without tool support), consecutive results in one
 *   message, in call order — as Qwen's template does;
 * - the reply is parsed with core's parseTextToolCalls; its calls get ids `call_<turn>_<i>`.
 */
export const textToolFormat: ToolFormat = (tools: readonly ToolSpec[]) => ({
  tools: undefined,

  messages: (messages: readonly Message[]) => {
    const out: ChatMessage[] = [];
    const toolsPrompt = tools.length > 0 ? renderToolsPrompt(tools) : undefined;
    if (toolsPrompt !== undefined && messages[0]?.role !== "system") {
      out.push({ role: "system", content: toolsPrompt });
    }
    messages.forEach((message, i) => {
      if (message.role === "system") {
        const withTools = i === 0 && toolsPrompt !== undefined;
        out.push({
          role: "system",
          content: withTools ? `${message.content}\n\n${toolsPrompt}` : message.content,
        });
      } else if (message.role === "assistant") {
        const parts = [message.content ?? "", renderCallsForHistory(message.tool_calls ?? [])];
        out.push({ role: "assistant", content: parts.filter((part) => part !== "").join("\n") });
      } else if (message.role === "tool") {
        const response = `<tool_response>\n${message.content}\n</tool_response>`;
        const previous = out.at(-1);
        if (previous?.role === "user" && messages[i - 1]?.role === "tool") {
          previous.content = `${previous.content}\n${response}`;
        } else {
          out.push({ role: "user", content: response });
        }
      } else {
        out.push({ role: "user", content: message.content });
      }
    });
    return out;
  },

  reply: (message, turn) => {
    const text = message.content ?? "";
    const parsed = parseTextToolCalls(text);
    // A server may still parse calls itself (a tool parser left on); keep those too.
    const native = (message.tool_calls ?? []).map((call) => ({
      name: call.function.name,
      arguments: call.function.arguments,
    }));
    const calls = [...native, ...parsed.calls].map(
      (call, i): ToolCall => ({
        id: generatedCallId(turn, i),
        type: "function",
        function: { name: call.name, arguments: call.arguments },
      }),
    );
    if (calls.length === 0) return { role: "assistant", content: message.content ?? null };
    return { role: "assistant", content: parsed.content || null, tool_calls: calls };
  },
});

/** The system-prompt block of Qwen2.5's template, word for word. */
export function renderToolsPrompt(tools: readonly ToolSpec[]): string {
  return [
    "# Tools",
    "",
    "You may call one or more functions to assist with the user query.",
    "",
    "You are provided with function signatures within <tools></tools> XML tags:",
    "<tools>",
    ...tools.map((tool) => JSON.stringify(tool)),
    "</tools>",
    "",
    "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:",
    "<tool_call>",
    '{"name": <function-name>, "arguments": <args-json-object>}',
    "</tool_call>",
  ].join("\n");
}

/**
 * Core's renderer writes arguments that are not JSON as `{}`; a model shown its own earlier
 * call must see what it really wrote (the environment's error message refers to it), so such
 * calls are written with the raw text.
 */
function renderCallsForHistory(calls: readonly ToolCall[]): string {
  return renderTextToolCalls(
    calls.map(({ function: f }) => ({ name: f.name, arguments: f.arguments })),
  );
}
