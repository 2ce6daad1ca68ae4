import type { Message } from "../../core/index.js";

/** A chat message in TRL's conversational format. */
export type TrlMessage =
  | { role: "system" | "user"; content: string }
  | {
      role: "assistant";
      content: string;
      tool_calls?: { type: "function"; function: { name: string; arguments: unknown } }[];
    }
  | { role: "tool"; name: string; tool_call_id: string; content: string };

/**
 * OpenAI messages in TRL's conversational tool-calling format (docs/source/dataset_formats.md,
 * "Tool Calling"): a call's `arguments` is an object, not a JSON string (chat templates render
 * it with `tojson`), and a tool message names the tool it answers. Arguments that are not valid
 * JSON (a model's mistake, kept in the trajectory) are kept as the string they were.
 */
export function trlMessages(messages: readonly Message[]): TrlMessage[] {
  const toolNames = new Map<string, string>();
  return messages.map((message): TrlMessage => {
    if (message.role === "assistant") {
      const calls = message.tool_calls ?? [];
      for (const call of calls) toolNames.set(call.id, call.function.name);
      if (calls.length === 0) return { role: "assistant", content: message.content ?? "" };
      return {
        role: "assistant",
        content: message.content ?? "",
        tool_calls: calls.map((call) => ({
          type: "function",
          function: {
            name: call.function.name,
            arguments: parseArguments(call.function.arguments),
          },
        })),
      };
    }
    if (message.role === "tool") {
      const name = toolNames.get(message.tool_call_id) ?? "";
      return { role: "tool", name, tool_call_id: message.tool_call_id, content: message.content };
    }
    return { role: message.role, content: message.content };
  });
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
