import type { AssistantMessage } from "../core/index.js";
import type { Tokenizer } from "../model/index.js";
import { type ChatSegmentsOptions, chatSegments } from "./chat-template.js";
import { chatTokenIds } from "./chat-tokens.js";

/** A tokenized conversation: `lossMask[i]` is 1 exactly where `ids[i]` is the assistant's. */
export interface TokenizedChat {
  ids: number[];
  lossMask: number[];
}

export interface TokenizeChatOptions extends ChatSegmentsOptions {
  readonly tokenizer: Tokenizer;
  /**
   * The ids the model really sampled for an assistant message, to be used verbatim instead of
   * rendering the message (a sampled turn need not be the canonical tokenization of its text,
   * nor re-render to the same text once parsed). When they do not end the turn (the sampler hit
   * its limit), an `<|end|>` with mask 0 is appended so the next turn starts as usual.
   */
  readonly sampledIds?: (message: AssistantMessage, index: number) => readonly number[] | undefined;
}

/**
 * Renders a conversation with the chat template (see `chatSegments`) and tokenizes it. Text is
 * encoded with `parseSpecial: false`: a user, a tool or the model writing `<|end|>` in text
 * gets bytes, never the special token. Every segment starts and ends at a special token, so
 * tokenizing segment by segment equals tokenizing the whole text: each conversation's prefix
 * tokenizes to a prefix of its ids, which is what lets a multi-turn episode grow append-only.
 *
 * @example
 * const { ids, lossMask } = tokenizeChat({ messages, tools, tokenizer });
 * // lossMask is 1 on every assistant body, its <|end|> included, and 0 elsewhere.
 */
export function tokenizeChat(options: TokenizeChatOptions): TokenizedChat {
  const { tokenizer, sampledIds } = options;
  const special = chatTokenIds(tokenizer);
  const ids: number[] = [];
  const lossMask: number[] = [];
  const push = (id: number, mask: number) => {
    ids.push(id);
    lossMask.push(mask);
  };
  for (const segment of chatSegments(options)) {
    const message = options.messages[segment.messageIndex];
    if (segment.trainable && sampledIds !== undefined && message?.role === "assistant") {
      const sampled = sampledIds(message, segment.messageIndex);
      if (sampled !== undefined) {
        for (const id of sampled) push(id, 1);
        const last = sampled.at(-1);
        if (last !== special.end && last !== special.endOfText) push(special.end, 0);
        continue;
      }
    }
    const mask = segment.trainable ? 1 : 0;
    for (const piece of segment.pieces) {
      if ("special" in piece) push(special[piece.special], mask);
      else for (const id of tokenizer.encode(piece.text, { parseSpecial: false })) push(id, mask);
    }
  }
  return { ids, lossMask };
}
