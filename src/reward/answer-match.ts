import { numbersClose, parseNumber } from "../core/index.js";

// numbersClose lives in core (the math track's calculator and data builders need it too).
export { numbersClose };

/**
 * Final-answer match, batched: 1 when a response gives the gold answer, 0 when not, null when
 * the gold answer is empty (nothing to check — skip).
 *
 * - A numeric gold (a number, or a string such as "1,234.5" or "3/4") is compared with the
 *   response's final number (`finalNumber`: the first number after the last "The answer is" /
 *   "####" / "Answer:", else the last number) within `numbersClose`'s tolerance.
 * - A text gold is split on commas into parts ("Paris, 2.1 million" → two parts) and every part
 *   must be present: a numeric part as any number of the response within tolerance, a text part
 *   as a whole-word run of the normalized response (`normalizeAnswer`), so "cat" is not found in
 *   "category". Containment rather than equality: answers come inside sentences.
 *
 * @example
 * answerMatch(
 *   ["So 48 + 24 = 72. The answer is 72.", "It is 71.99999", "The capital is Paris, France.", "paris"],
 *   [72, "72", "Paris, France", "Paris, France"],
 * ) // [1, 1, 1, 0]
 */
export function answerMatch(
  responses: readonly string[],
  golds: readonly (string | number)[],
): (number | null)[] {
  return responses.map((response, i) => {
    const gold = golds[i];
    if (typeof gold === "number") return matchNumber(response, gold);
    if (gold.trim() === "") return null;
    const numeric = parseNumber(gold.trim());
    if (numeric !== undefined) return matchNumber(response, numeric);
    const text = ` ${normalizeAnswer(response)} `;
    const numbers = extractNumbers(response);
    const parts = gold.split(",").filter((part) => part.trim() !== "");
    const found = parts.every((part) => {
      const value = parseNumber(part.trim());
      if (value !== undefined) return numbers.some((n) => numbersClose(n, value));
      return text.includes(` ${normalizeAnswer(part)} `);
    });
    return found ? 1 : 0;
  });
}

function matchNumber(response: string, gold: number): number {
  const predicted = finalNumber(response);
  return predicted !== undefined && numbersClose(predicted, gold) ? 1 : 0;
}

// A number not glued to a word or another number: `-1,234.5`, `.5`, `3/4`, `2e3`.
// Thousands separators need full groups (`1,234`), so a list `1,2,3` gives three numbers.
const NUMBER =
  /(?<![\w.])-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:\/\d+(?:\.\d+)?)?(?:[eE][-+]?\d+)?/g;

/**
 * The numbers in free text, in order. Commas in `1,234` are thousands separators, `3/4` is a
 * fraction (0.75), a `-` counts as a sign only when it does not follow a word (`5-3` is 5 and 3).
 *
 * @example
 * extractNumbers("She paid $1,234.50 for 3/4 of it, -2 left") // [1234.5, 0.75, -2]
 */
export function extractNumbers(text: string): number[] {
  const numbers: number[] = [];
  for (const [token] of text.matchAll(NUMBER)) {
    const [num, den] = token.replaceAll(",", "").split("/");
    const value = den === undefined ? Number(num) : Number(num) / Number(den);
    if (Number.isFinite(value)) numbers.push(value);
  }
  return numbers;
}

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

/**
 * Normalizes a text answer for comparison (SQuAD-style): lower-case, thousands separators and
 * punctuation removed — a `.` inside a number is kept, so 2.5 stays apart from 25 — the articles
 * a/an/the dropped, whitespace collapsed.
 *
 * @example
 * normalizeAnswer("The  Eiffel-Tower, 1,083 ft (330.0 m).") // "eiffel tower 1083 ft 330.0 m"
 */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
    .replace(/\.(?!\d)|(?<!\d)\./g, " ")
    .replace(/[^\p{L}\p{N}\s.]/gu, " ")
    .replace(/\b(?:a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
