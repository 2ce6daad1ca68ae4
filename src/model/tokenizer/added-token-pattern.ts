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
