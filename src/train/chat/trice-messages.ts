import type { Message } from "../../core/index.js";

/**
 * TRICE's math format in the chat template: the question is the user turn, the response one
 * assistant turn in one of TRICE's two forms (core's trice-format), `calculator(<expression>)`
 * — the tool call, whose execution is the prediction — or `The answer is <n>.` There is no
 * system prompt and there are no tool docs: the format itself is what the model learns.
 *
 *   <|user|>{question}<|end|><|assistant|>calculator(48/2+48)<|end|>
 *
 * @example
 * tokenizeChat({ messages: triceMessages(q, "The answer is 72."), tools: [], tokenizer })
 */
export function triceMessages(question: string, response?: string): Message[] {
  const messages: Message[] = [{ role: "user", content: question }];
  if (response !== undefined) messages.push({ role: "assistant", content: response });
  return messages;
}
