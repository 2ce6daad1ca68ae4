import { z } from "zod";
import { numberWordsToDigits } from "./number-words.js";

/**
 * TRICE's response forms for math word problems: a response either calls the tool,
 * `calculator(<expression>)`, whose result is the answer, or answers directly, `The answer is
 * <n>.` Models write more than that (`calculator(18 - 10) gives (8).`, `So she has $1,234.50
 * left.`), so both forms are read leniently.
 */

export type TriceResponse =
  /** `expression` is the last call's, the one whose result is the answer; `expressions` all. */
  | { kind: "tool"; expression: string; expressions: string[] }
  | { kind: "answer"; value: number }
  | { kind: "invalid"; reason: string };

export function renderCalculatorCall(expression: string): string {
  return `calculator(${expression})`;
}

export function renderTriceAnswer(value: number): string {
  return `The answer is ${formatNumber(value)}.`;
}

/**
 * The expressions of every `calculator(…)` call in a text, in order. The expression ends at
 * the parenthesis that closes the call's own, so `calculator((3+4)*2) gives (14).` holds one
 * call, `(3+4)*2`. A call never closed takes the rest of the text (the calculator will refuse
 * it, which is the model's mistake to see).
 *
 * @example
 * calculatorCalls("calculator(18 - 10) gives (8).") // ["18 - 10"]
 */
export function calculatorCalls(text: string): string[] {
  const calls: string[] = [];
  const opening = /calculator\s*\(/gi;
  for (let match = opening.exec(text); match !== null; match = opening.exec(text)) {
    const start = match.index + match[0].length;
    let depth = 1;
    let end = start;
    while (end < text.length && depth > 0) {
      if (text[end] === "(") depth++;
      else if (text[end] === ")") depth--;
      end++;
    }
    calls.push((depth === 0 ? text.slice(start, end - 1) : text.slice(start)).trim());
    opening.lastIndex = end;
  }
  return calls;
}

/**
 * Reads a response; one that is neither form is `invalid` with a reason, never thrown. A
 * response with calls is a tool response whatever else it says: in TRICE the last call's result
 * is the prediction (`calculator(18 - 10) gives (8).` → 18 - 10). A response without one is a
 * direct answer, read by `readFinalAnswer`.
 *
 * @example
 * parseTriceResponse("calculator(18 - 10) gives (8).") // { kind: "tool", expression: "18 - 10", expressions: ["18 - 10"] }
 * parseTriceResponse("So she has $1,234.50 left.") // { kind: "answer", value: 1234.5 }
 */
export function parseTriceResponse(text: string): TriceResponse {
  const expressions = calculatorCalls(text);
  if (expressions.length > 0) {
    const expression = expressions.at(-1)!;
    if (expression === "")
      return { kind: "invalid", reason: "calculator() with an empty expression" };
    return { kind: "tool", expression, expressions };
  }
  const value = readFinalAnswer(text);
  if (value === undefined)
    return { kind: "invalid", reason: "no calculator(<expression>) call and no number" };
  return { kind: "answer", value };
}

// Phrases that introduce a final answer: TRICE's "The answer is", GSM8K's "####", "Answer:",
// LaTeX's \boxed{…}.
const MARKER = /\bthe (?:final )?answer is\b:?|\banswer\s*:|####|\\boxed\{/gi;
// A number not glued to a word or to another number: `-1,234.5`, `.5`, `3/4`, `1 1/2`, `50%`.
// Thousands separators need whole groups (`1,234`), so a list `1,2,3` is three numbers; a `-`
// is a sign only where no word or digit precedes it (`5-3` is 5 and 3).
const NUMBER =
  /(?<![\w.])(-?)(?:(\d+)\s+(\d+)\/(\d+)(?![\d.])|((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?|\.\d+)(?:\s*\/\s*(\d+(?:\.\d+)?))?)/gi;

/**
 * The number a free-text answer gives, read leniently — "the last number of the final message":
 * the first number after the last answer marker ("The answer is", "Answer:", "####",
 * `\boxed{`) when there is one, else the last number of the text. Markdown emphasis and `$`
 * are ignored; thousands commas, units (`12 apples`, `$5`, `40%`), fractions (`3/4`) and mixed
 * numbers (`1 1/2`) and exponents (`2.5e-7`, as `formatNumber` writes small values) are read; after a marker, number words count too ("The answer is seven.").
 *
 * @returns undefined when the text holds no number
 *
 * @example
 * readFinalAnswer("48/2 = 24 in May. The answer is **72** clips, 3 days early.") // 72
 * readFinalAnswer("She has 5 apples and eats 2, leaving $1,203.") // 1203
 */
export function readFinalAnswer(text: string): number | undefined {
  const plain = text.replace(/\*\*|__|`/g, "");
  const markers = [...plain.matchAll(MARKER)];
  const last = markers.at(-1);
  if (last !== undefined) {
    const after = numbersIn(numberWordsToDigits(plain.slice(last.index + last[0].length)));
    if (after.length > 0) return after[0];
  }
  return numbersIn(plain).at(-1);
}

function numbersIn(text: string): number[] {
  const values: number[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const [, sign, whole, num, den, decimal, divisor] = m;
    let value: number;
    if (whole !== undefined) value = Number(whole) + Number(num) / Number(den);
    else {
      value = Number(decimal.replaceAll(",", ""));
      if (divisor !== undefined) value /= Number(divisor);
    }
    if (sign === "-") value = -value;
    if (Number.isFinite(value)) values.push(value);
  }
  return values;
}

/**
 * Parses `1,234.5`, `-3`, `2e3` and simple fractions `3/4`; undefined when it is none.
 * A comma followed by a space separates list items (`387758, 542051`), not thousands.
 */
export function parseNumber(text: string): number | undefined {
  if (/,\s/.test(text)) return undefined;
  const cleaned = text.replace(/,/g, "").replace(/\s+/g, "");
  const fraction = /^(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(cleaned);
  if (fraction) {
    const den = Number(fraction[2]);
    return den === 0 ? undefined : Number(fraction[1]) / den;
  }
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Numeric answer equality with tolerance: within 1e-6 absolutely or 1e-4 relative to the gold
 * value, so 0.1 + 0.2 equals 0.3 and 33.333 equals 100/3 while 33.3 does not.
 *
 * @example
 * numbersClose(0.1 + 0.2, 0.3) // true
 * numbersClose(33.3, 100 / 3) // false
 */
export function numbersClose(predicted: number, gold: number): boolean {
  const diff = Math.abs(predicted - gold);
  return diff <= 1e-6 || diff <= 1e-4 * Math.abs(gold);
}

/** Shortest faithful decimal: integers without a point, others rounded to 6 significant places. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/**
 * A math word problem for the TRICE track. `formula` is the gold equation's left side over the
 * question's numbers (`56 * 9`); `type` the problem's kind where the data has one (ASDiv's
 * solution type, SVAMP's `Type`), for metrics per type.
 */
export const MathProblemSchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.number(),
  formula: z.string().optional(),
  type: z.string().optional(),
  source: z.string(),
});
export type MathProblem = z.infer<typeof MathProblemSchema>;
