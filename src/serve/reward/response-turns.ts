import { type Message, parseHermesChat } from "../../core/index.js";

/**
 * The policy's part of a text an engine sends for scoring, as messages. OpenRLHF sends the
 * prompt and the whole `prompt + response` text: when the text starts with the prompt, the rest
 * is the response. Otherwise (a prompt re-tokenized differently, a response sent alone) the
 * whole text is parsed and everything after its last user turn is the response — a response
 * alone has no user turn, so all of it counts.
 *
 * @example
 * responseTurns(prompt + "It is 19.<|im_end|>", prompt) // [{ role: "assistant", content: "It is 19." }]
 */
export function responseTurns(text: string, prompt?: string): Message[] {
  if (prompt !== undefined && prompt !== "" && text.startsWith(prompt)) {
    return parseHermesChat(text.slice(prompt.length));
  }
  const messages = parseHermesChat(text);
  const lastUser = messages.findLastIndex((m) => m.role === "user");
  return messages.slice(lastUser + 1);
}
