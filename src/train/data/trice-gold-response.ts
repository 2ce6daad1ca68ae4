import { type MathProblem, renderCalculatorCall, renderTriceAnswer } from "../../core/index.js";
import { evaluateExpression } from "../../env/index.js";
import { numbersClose } from "../../reward/index.js";

export interface TriceGoldResponse {
  /** `calculator(<formula>)` or `The answer is <n>.` */
  readonly response: string;
  readonly usedTool: boolean;
}

/**
 * The gold TRICE response of a math problem: the calculator call of its formula when the
 * formula is real arithmetic and the calculator, run on it, gives the answer; otherwise the
 * direct answer. So a gold call is always one that executes to the right number.
 *
 * @example
 * triceGoldResponse({ id: "m", question: "…", answer: 504, formula: "56 * 9", source: "mawps" })
 * // { response: "calculator(56 * 9)", usedTool: true }
 */
export function triceGoldResponse(problem: MathProblem): TriceGoldResponse {
  const { formula, answer } = problem;
  if (formula !== undefined && /\d\s*[-+*/^%]|[a-z]\(/.test(formula)) {
    const result = evaluateExpression(formula);
    if (result.ok && numbersClose(result.value, answer)) {
      return { response: renderCalculatorCall(formula), usedTool: true };
    }
  }
  return { response: renderTriceAnswer(answer), usedTool: false };
}
