import { type ChatSegmentsOptions, chatSegments } from "./chat-segments.js";
import { CHAT_TOKENS } from "./chat-tokens.js";

/**
 * The chat template as text, special tokens written out: for reading, and as the corpus a
 * tokenizer is trained on. `tokenizer.decode(tokenizeChat(o).ids)` equals this text.
 */
export function renderChatText(options: ChatSegmentsOptions): string {
  return chatSegments(options)
    .flatMap((segment) =>
      segment.pieces.map((piece) => ("special" in piece ? CHAT_TOKENS[piece.special] : piece.text)),
    )
    .join("");
}
