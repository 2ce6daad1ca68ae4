import type OpenAI from "openai";
import type { Message, ToolCall, ToolSpec } from "../core/index.js";
import { generatedCallId, type ToolFormat } from "./tool-format.js";
import { createToolNameMap } from "./tool-name-map.js";

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/**
 * Native tool calling: the tools go in the request's `tools` field and the server returns
 * `tool_calls`. Calls are returned as the server sent them — `arguments` stays the raw string,
 * malformed JSON included, for the environment to judge — except that names sanitized for the
 * API (see tool-name-map.ts) are mapped back to the tools' own names.
 */
export const nativeToolFormat: ToolFormat = (tools: readonly ToolSpec[]) => {
  const names = createToolNameMap(tools.map((tool) => tool.function.name));
  return {
    tools:
      tools.length === 0
        ? undefined
        : tools.map((tool) => ({
            type: "function",
            function: { ...tool.function, name: names.toWire(tool.function.name) },
          })),

    messages: (messages: readonly Message[]) =>
      messages.map((message): ChatMessage => {
        if (message.role !== "assistant" || !message.tool_calls?.length) return message;
        return {
          role: "assistant",
          content: message.content,
          tool_calls: message.tool_calls.map((call: ToolCall) => ({
            id: call.id,
            type: "function",
            function: {
              name: names.toWire(call.function.name),
              arguments: call.function.arguments,
            },
          })),
        };
      }),

    reply: (message, turn) => {
      const calls = (message.tool_calls ?? []).map(
        (call, i): ToolCall => ({
          id: call.id || generatedCallId(turn, i),
          type: "function",
          function: {
            name: names.fromWire(call.function.name),
            arguments: call.function.arguments,
          },
        }),
      );
      return {
        role: "assistant",
        content: message.content ?? null,
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
      };
    },
  };
};
