import { extractNumbers } from "./extract-numbers.js";

// Phrases that introduce a final answer: TRICE's "The answer is", GSM8K's "####", "Answer:",
// LaTeX's \boxed{…}.
const MARKER = /the answer is|####|answer\s*:|\\boxed\{/gi;

/**
 * The number a free-text response gives as its final answer: the first number after the last
 * answer marker ("The answer is", "####", "Answer:", `\boxed{`) when there is one, else the last
 * number in the text. Not "any number": a response listing many numbers must not match by
 * chance; not the first: that is usually a quantity from the question. Undefined when none.
 *
 * @example
 * finalNumber("48/2 = 24 in May, so 48 + 24 = 72. The answer is 72 clips, 3 days early.") // 72
 * finalNumber("She has 5 apples and eats 2, leaving 3") // 3
 */
export function finalNumber(text: string): number | undefined {
  const markers = [...text.matchAll(MARKER)];
  const last = markers.at(-1);
  if (last !== undefined) {
    const after = extractNumbers(text.slice(last.index + last[0].length));
    if (after.length > 0) return after[0];
  }
  return extractNumbers(text).at(-1);
}
