import { type AssistantMessage, assistantFromCallText } from "../core/index.js";
import type { Tokenizer } from "../model/index.js";
import { chatTokenIds } from "./chat-tokens.js";

/**
 * Reads what the model sampled for one assistant turn as a message: the ids are decoded (a
 * final `<|end|>` or `<|endoftext|>` left out, any other special token kept as its text) and
 * read by core's `assistantFromCallText`. Calls get the ids `call_<turn>_<i>`, like every
 * text-format policy's. Whatever the model wrote, this returns a message: text without a
 * readable call is the answer, a call with broken arguments goes to the environment, which
 * answers it with an error observation.
 *
 * @example
 * parseAssistantOutput(tokenizer.encode('<tool_call>{"name":"f","arguments":{}}</tool_call><|end|>'), tokenizer, 0)
 * // { role: "assistant", content: null, tool_calls: [{ id: "call_0_0", type: "function", function: { name: "f", arguments: "{}" } }] }
 */
export function parseAssistantOutput(
  ids: readonly number[],
  tokenizer: Tokenizer,
  turn: number,
): AssistantMessage {
  const special = chatTokenIds(tokenizer);
  const last = ids.at(-1);
  const body = last === special.end || last === special.endOfText ? ids.slice(0, -1) : ids;
  const text = tokenizer.decode(body);
  return assistantFromCallText(text, turn);
}
