import { splitOnAddedTokens } from "./added-token-pattern.js";
import { forEachPiece } from "./for-each-piece.js";

/**
 * Counts the pre-tokens of a corpus — BPE training only needs each distinct word and how often
 * it occurs. Special tokens written in the text are cut out and not counted, so no merge ever
 * learns a piece of `<|user|>`.
 *
 * @param pieces the pre-tokenizer regex (global, unicode)
 * @param added matches special tokens, or undefined when there are none
 */
export function countPreTokens(
  corpus: Iterable<string>,
  pieces: RegExp,
  added: RegExp | undefined,
): Map<string, number> {
  const counts = new Map<string, number>();
  const countPiece = (piece: string): void => {
    counts.set(piece, (counts.get(piece) ?? 0) + 1);
  };
  const countText = (text: string): void => forEachPiece(text, pieces, countPiece);
  for (const document of corpus) {
    if (added === undefined) countText(document);
    else splitOnAddedTokens(document, added, countText, () => {});
  }
  return counts;
}
