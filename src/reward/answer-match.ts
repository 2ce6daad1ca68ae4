import { parseNumber } from "../core/index.js";
import { extractNumbers } from "./answer/extract-numbers.js";
import { finalNumber } from "./answer/final-number.js";
import { normalizeAnswer } from "./answer/normalize-answer.js";
import { numbersClose } from "./answer/numbers-close.js";

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
