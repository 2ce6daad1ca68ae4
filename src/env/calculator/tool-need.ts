import { z } from "zod";
import { type MathProblem, parseOptions } from "../../core/index.js";
import { checkGoldEquation } from "./gold-equation.js";

/**
 * Which problems are answered without the calculator in TRICE's Stage I data: an equation that
 * is a bare number (the answer is in the question), or a single
 * operation between two whole numbers no larger than `maxOperand`, the operator one of
 * `operators` — the one-digit facts of the addition and multiplication tables, which a model
 * can know by heart. TRICE draws the line where the model itself answers right without the
 * tool; a rule on the equation is the same idea for a model trained from scratch, which knows
 * nothing before Stage I.
 */
export const DirectRuleSchema = z.strictObject({
  maxOperand: z.number().int().min(0).default(10),
  /** Any of `+ - * /`. */
  operators: z
    .string()
    .regex(/^[-+*/]*$/, "expected operators among + - * /")
    .default("+-*"),
});
export type DirectRule = z.input<typeof DirectRuleSchema>;

/**
 * - `tool`: the gold equation gives the answer and is more than a small operation;
 * - `direct`: the gold equation gives the answer and is small enough (`DirectRule`);
 * - `no-equation`: there is no gold equation that gives the answer (`checkGoldEquation`), so
 *   the only gold response is the answer itself.
 */
export type ToolNeed = "tool" | "direct" | "no-equation";

/**
 * Whether the gold response of a problem calls the calculator (see `DirectRule`).
 *
 * @throws ConfigError naming the field of a rule that is not valid
 *
 * @example
 * toolNeed({ id: "a", question: "…", answer: 9, formula: "7+2", source: "asdiv" }) // "direct"
 * toolNeed({ id: "b", question: "…", answer: 504, formula: "56 * 9", source: "mawps" }) // "tool"
 */
export function toolNeed(problem: MathProblem, rule: DirectRule = {}): ToolNeed {
  if (!checkGoldEquation(problem).ok) return "no-equation";
  const { maxOperand, operators } = parseOptions(DirectRuleSchema, rule, "directRule");
  // A bare number: the answer is already in the question.
  if (/^\s*\d+(\.\d+)?\s*$/.test(problem.formula!)) return "direct";
  const single = /^\s*\(?\s*(\d+)\s*([-+*/])\s*(\d+)\s*\)?\s*$/.exec(problem.formula!);
  if (single === null) return "tool";
  const [, a, op, b] = single;
  const small = Number(a) <= maxOperand && Number(b) <= maxOperand;
  return small && operators.includes(op) ? "direct" : "tool";
}
