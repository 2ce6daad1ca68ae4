import { formatNumber, type MathProblem, numbersClose } from "../../core/index.js";
import { evaluateExpression } from "./evaluate-expression.js";

/** Whether a problem's gold equation, run on the calculator, gives its stated answer. */
export type GoldEquationCheck = { ok: true; value: number } | { ok: false; reason: string };

/**
 * Runs a problem's `formula` on the calculator and compares the value with its `answer`
 * (`numbersClose`). The data's own exceptions — no equation, one the calculator refuses, or
 * one that gives another number (ASDiv's `86/9=9 r5` for "how many buses": 10) — come back
 * with the reason.
 *
 * @example
 * checkGoldEquation({ id: "a", question: "…", answer: 504, formula: "56 * 9", source: "mawps" }) // { ok: true, value: 504 }
 * checkGoldEquation({ id: "b", question: "…", answer: 10, formula: "86/9", source: "asdiv" })
 * // { ok: false, reason: "the equation 86/9 gives 9.55556, the answer is 10" }
 */
export function checkGoldEquation(problem: MathProblem): GoldEquationCheck {
  const { formula, answer } = problem;
  if (formula === undefined) return { ok: false, reason: "no gold equation" };
  const result = evaluateExpression(formula);
  if (!result.ok)
    return {
      ok: false,
      reason: `the calculator refuses the equation ${formula}: ${result.reason}`,
    };
  if (!numbersClose(result.value, answer)) {
    return {
      ok: false,
      reason: `the equation ${formula} gives ${formatNumber(result.value)}, the answer is ${formatNumber(answer)}`,
    };
  }
  return { ok: true, value: result.value };
}
