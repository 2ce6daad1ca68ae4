import { z } from "zod";

/**
 * TRICE's response forms for math word problems: a response either calls the tool,
 * `calculator(<expression>)`, or answers directly, `The answer is <n>.`
 */

export type TriceResponse =
  | { kind: "tool"; expression: string }
  | { kind: "answer"; value: number }
  | { kind: "invalid"; reason: string };

export function renderCalculatorCall(expression: string): string {
  return `calculator(${expression})`;
}

export function renderTriceAnswer(value: number): string {
  return `The answer is ${formatNumber(value)}.`;
}

const CALL = /calculator\(([\s\S]*)\)/;
const ANSWER = /the answer is\s*(-?[\d,]*\.?\d+(?:e[-+]?\d+)?(?:\s*\/\s*\d+)?)/i;

/** Reads a response; a response that is neither form is `invalid` with a reason, never thrown. */
export function parseTriceResponse(text: string): TriceResponse {
  const call = CALL.exec(text);
  if (call) {
    const expression = call[1].trim();
    if (expression === "")
      return { kind: "invalid", reason: "calculator() with an empty expression" };
    return { kind: "tool", expression };
  }
  const answer = ANSWER.exec(text);
  if (answer) {
    const value = parseNumber(answer[1]);
    if (value === undefined) return { kind: "invalid", reason: `"${answer[1]}" is not a number` };
    return { kind: "answer", value };
  }
  return { kind: "invalid", reason: "neither calculator(<expression>) nor 'The answer is <n>.'" };
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

/** Shortest faithful decimal: integers without a point, others rounded to 6 significant places. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** A math word problem for the TRICE track. */
export const MathProblemSchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.number(),
  formula: z.string().optional(),
  source: z.string(),
});
export type MathProblem = z.infer<typeof MathProblemSchema>;
