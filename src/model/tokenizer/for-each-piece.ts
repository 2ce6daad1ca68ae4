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
