import { type AssistantMessage, parseHermesChat } from "../../core/index.js";

/**
 * What a model wrote for one assistant turn, read as a message: Hermes `<tool_call>` blocks
 * become calls with ids `call_<turn>_<i>` (as every text-format policy numbers them), chat
 * markers and `<think>` blocks are dropped, and anything else is the text. Never throws: text
 * without a readable call is an answer.
 *
 * @example
 * assistantFromText('<tool_call>\n{"name": "f", "arguments": {}}\n</tool_call>', 2).tool_calls?.[0].id // "call_2_0"
 */
export function assistantFromText(text: string, turn: number): AssistantMessage {
  const message = parseHermesChat(text).find((m) => m.role === "assistant");
  if (message === undefined || message.role !== "assistant") {
    return { role: "assistant", content: text.trim() };
  }
  const calls = message.tool_calls?.map((call, i) => ({ ...call, id: `call_${turn}_${i}` }));
  return calls === undefined ? message : { ...message, tool_calls: calls };
}
