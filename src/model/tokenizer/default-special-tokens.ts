/**
 * The special tokens every toolgym tokenizer gets unless told otherwise: document separator,
 * padding, the chat roles, end of turn, and the text tool-call delimiters of DESIGN.md
 * (`<tool_call>{"name": …, "arguments": {…}}</tool_call>`).
 *
 * Special tokens take the lowest ids, in this order (`<|endoftext|>` = 0 … `</tool_call>` = 8),
 * so their ids do not move when the vocabulary size changes. Never reorder this list: saved
 * checkpoints depend on it. Append new tokens at the end.
 */
export const DEFAULT_SPECIAL_TOKENS = [
  "<|endoftext|>",
  "<|pad|>",
  "<|system|>",
  "<|user|>",
  "<|assistant|>",
  "<|tool|>",
  "<|end|>",
  "<tool_call>",
  "</tool_call>",
] as const;
