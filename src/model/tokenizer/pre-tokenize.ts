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

/**
 * Every digit its own pre-token, and no space ever joined to what follows it: " Keiquoun" is
 * " " + "Keiquoun". GPT-2's pattern makes a word after a space a different token sequence than
 * the same word after a quote (" K|eiqu|oun" in a question, "K|eiqu|oun" in `{"company":"…"}`),
 * so a model copying a name it has never seen from the question into a call argument has to
 * learn a second mapping for the first piece; with spaces apart, copying is copying tokens.
 * Costs about one token per word of prose.
 */
export const SEPARATE_SPACES_PATTERN = String.raw`'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+|\s+`;

/** `SEPARATE_SPACES_PATTERN` with runs of digits kept together (merges learn number pieces). */
export const SEPARATE_SPACES_GROUPED_DIGITS_PATTERN = String.raw`'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}+|[^\s\p{L}\p{N}]+|\s+`;

export type DigitSplitting = "individual" | "grouped";
/** Whether a space leads the word after it (GPT-2) or is a pre-token of its own. */
export type SpaceSplitting = "attached" | "separate";

export function preTokenizerPattern(
  digits: DigitSplitting,
  spaces: SpaceSplitting = "attached",
): string {
  if (spaces === "separate") {
    return digits === "individual"
      ? SEPARATE_SPACES_PATTERN
      : SEPARATE_SPACES_GROUPED_DIGITS_PATTERN;
  }
  return digits === "individual" ? GPT2_INDIVIDUAL_DIGITS_PATTERN : GPT2_PATTERN;
}

/**
 * Cuts `text` the way Hugging Face's `Split` pre-tokenizer with behaviour "Isolated" does: every
 * match of the global regex `pattern` is a piece, and so is any text between matches, so the
 * pieces always concatenate back to `text`. Empty matches are skipped.
 */
export function forEachPiece(
  text: string,
  pattern: RegExp,
  onPiece: (piece: string) => void,
): void {
  pattern.lastIndex = 0;
  let start = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const piece = match[0];
    if (piece === "") {
      pattern.lastIndex++;
      continue;
    }
    if (match.index > start) onPiece(text.slice(start, match.index));
    onPiece(piece);
    start = match.index + piece.length;
  }
  if (start < text.length) onPiece(start === 0 ? text : text.slice(start));
}

/** Compiles a pre-tokenizer pattern; throws a SyntaxError naming the pattern when invalid. */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(pattern, "gu");
}

/**
 * A global regex that finds any of `contents` in text, longest first at a given position (so a
 * token wins over another that is its prefix), like Hugging Face's added-vocabulary matcher.
 * @returns undefined when there are no added tokens
 */
export function addedTokenPattern(contents: Iterable<string>): RegExp | undefined {
  const sorted = [...contents].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return undefined;
  return new RegExp(sorted.map((c) => c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")).join("|"), "g");
}

/** Calls `onText` for each run of text between matches of `added`, and `onAdded` for each match. */
export function splitOnAddedTokens(
  text: string,
  added: RegExp,
  onText: (text: string) => void,
  onAdded: (content: string) => void,
): void {
  added.lastIndex = 0;
  let start = 0;
  for (let match = added.exec(text); match !== null; match = added.exec(text)) {
    if (match.index > start) onText(text.slice(start, match.index));
    onAdded(match[0]);
    start = match.index + match[0].length;
  }
  if (start < text.length) onText(start === 0 ? text : text.slice(start));
}
