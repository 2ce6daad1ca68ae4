/**
 * How text is cut into pre-tokens ("words") before BPE: merges never cross a pre-token boundary.
 *
 * The pattern is GPT-2's: English contractions, a run of letters, a run of punctuation/symbols
 * (each optionally led by one space), then whitespace — `\s+(?!\S)` leaves the last space of a
 * run to lead the next word, so " hello" stays one token. Every character matches one branch,
 * so the pieces always concatenate back to the input.
 *
 * Digits: GPT-2 keeps a run of digits together (` ?\p{N}+`), so "1234" becomes whatever chunks
 * the merges happen to learn. "individual" (the default) makes every digit its own pre-token —
 * `\p{N}` with no leading space, as Qwen2 does — so each digit is always the same token wherever
 * it stands; tiny models learn arithmetic and copy numbers far better that way.
 *
 * The pattern is stored in tokenizer.json as a `Split` pre-tokenizer with behaviour "Isolated",
 * which Hugging Face `tokenizers` applies the same way. Engines differ at one edge: JavaScript's
 * `\s` includes U+FEFF and not U+0085, Oniguruma's the reverse.
 */
export const GPT2_PATTERN = String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`;

/** GPT-2's pattern with every digit a pre-token of its own. */
export const GPT2_INDIVIDUAL_DIGITS_PATTERN = String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`;

export type DigitSplitting = "individual" | "grouped";

export function preTokenizerPattern(digits: DigitSplitting): string {
  return digits === "individual" ? GPT2_INDIVIDUAL_DIGITS_PATTERN : GPT2_PATTERN;
}
