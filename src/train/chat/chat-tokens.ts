/**
 * The special tokens of the chat template, as their text. They are `DEFAULT_SPECIAL_TOKENS` of
 * the built-in tokenizer; a tokenizer without any of them cannot render a conversation.
 */
export const CHAT_TOKENS = {
  endOfText: "<|endoftext|>",
  pad: "<|pad|>",
  system: "<|system|>",
  user: "<|user|>",
  assistant: "<|assistant|>",
  tool: "<|tool|>",
  end: "<|end|>",
  toolCallOpen: "<tool_call>",
  toolCallClose: "</tool_call>",
} as const;

export type ChatTokenName = keyof typeof CHAT_TOKENS;
