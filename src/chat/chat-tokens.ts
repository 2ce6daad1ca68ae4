import { ConfigError } from "../core/index.js";
import type { Tokenizer } from "../model/index.js";

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

export type ChatTokenIds = Readonly<Record<ChatTokenName, number>>;

const cache = new WeakMap<Tokenizer, ChatTokenIds>();

/**
 * The ids of the chat template's special tokens in `tokenizer`.
 *
 * @throws ConfigError when the tokenizer lacks one (it was not trained with the default
 *   special tokens, e.g. a plain GPT-2 tokenizer)
 */
export function chatTokenIds(tokenizer: Tokenizer): ChatTokenIds {
  const cached = cache.get(tokenizer);
  if (cached !== undefined) return cached;
  const ids = {} as Record<ChatTokenName, number>;
  for (const [name, text] of Object.entries(CHAT_TOKENS) as [ChatTokenName, string][]) {
    const id = tokenizer.specialTokenIds[text];
    if (id === undefined) {
      throw new ConfigError(
        "tokenizer",
        `has no special token ${text}; the chat template needs ${Object.values(CHAT_TOKENS).join(" ")} (train it with trainChatTokenizer or trainBpe's default special tokens)`,
      );
    }
    ids[name] = id;
  }
  cache.set(tokenizer, ids);
  return ids;
}
