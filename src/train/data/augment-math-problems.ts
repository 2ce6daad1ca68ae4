import { formatNumber, type MathProblem, numbersClose } from "../../core/index.js";
import { evaluateExpression } from "../../env/index.js";
import { SeededRng } from "../../model/index.js";

export interface AugmentMathProblemsOptions {
  /** New variants per problem (the originals are kept, first). */
  readonly copies: number;
  readonly seed?: number;
  /** Draws per variant before giving up on one (an answer that is negative or not whole). */
  readonly maxTries?: number;
}

// A whole or decimal number written alone (not part of a word or another number).
const NUMBER = /(?<![\w.])\d+(?:\.\d+)?(?!\w|\.\d)/g;

/**
 * Number-resampling augmentation for training from scratch: each problem whose equation uses
 * only numbers written in its question gets `copies` variants with those numbers redrawn — as
 * many digits (and decimals) as before — in the question and the equation alike, and the answer
 * recomputed. Distinct numbers are drawn distinct. A variant whose answer is negative, or fractional where the original's was whole,
 * is drawn again. The story stays, the numbers change: a small model cannot learn the numbers
 * by heart and must copy them from the question, which is what solving takes (the number
 * masking of the SVAMP paper's models does the same from the other side). Ids are
 * `<id>~<k>`; the originals come first. Problems without a usable equation are kept as they
 * are, with no variants.
 *
 * @example
 * augmentMathProblems([{ id: "p", question: "Sam has 56 books on 9 shelves…", answer: 504, formula: "56 * 9", source: "x" }], { copies: 1 })
 * // [the original, { id: "p~1", question: "Sam has 73 books on 4 shelves…", answer: 292, formula: "73 * 4", source: "x" }]
 */
export function augmentMathProblems(
  problems: readonly MathProblem[],
  { copies, seed = 0, maxTries = 20 }: AugmentMathProblemsOptions,
): MathProblem[] {
  const rng = new SeededRng(seed);
  const out: MathProblem[] = [];
  for (const problem of problems) {
    out.push(problem);
    const { formula } = problem;
    if (formula === undefined || !givesAnswer(formula, problem.answer)) continue;
    const numbers = [...new Set(formula.match(NUMBER) ?? [])];
    const inQuestion = new Set(problem.question.match(NUMBER) ?? []);
    if (numbers.length === 0 || numbers.some((n) => !inQuestion.has(n))) continue;
    const whole = Number.isInteger(problem.answer);
    for (let k = 1; k <= copies; k++) {
      for (let attempt = 0; attempt < maxTries; attempt++) {
        const drawn = new Map(numbers.map((n) => [n, redraw(n, rng)]));
        // Distinct numbers stay distinct, so which one goes where is still to be read.
        if (new Set(drawn.values()).size < numbers.length) continue;
        const swap = (text: string) => text.replace(NUMBER, (n) => drawn.get(n) ?? n);
        const variant = swap(formula);
        const result = evaluateExpression(variant);
        if (!result.ok || result.value < 0 || (whole && !Number.isInteger(result.value))) continue;
        out.push({
          ...problem,
          id: `${problem.id}~${k}`,
          question: swap(problem.question),
          answer: Number(formatNumber(result.value)),
          formula: variant,
        });
        break;
      }
    }
  }
  return out;
}

function givesAnswer(formula: string, answer: number): boolean {
  const result = evaluateExpression(formula);
  return result.ok && numbersClose(result.value, answer);
}

/** A number of as many digits (and decimals) as `text`, drawn uniformly; 0 and 1 stay. */
function redraw(text: string, rng: SeededRng): string {
  // 0 and 1 are mostly not quantities but words in figures ("1 more", "0 left").
  if (text === "0" || text === "1") return text;
  const [whole, decimals = ""] = text.split(".");
  const low = whole.length === 1 ? 2 : 10 ** (whole.length - 1);
  const high = 10 ** whole.length;
  const value = low + rng.nextInt(high - low);
  if (decimals === "") return String(value);
  const fraction = String(rng.nextInt(10 ** decimals.length)).padStart(decimals.length, "0");
  return `${value}.${fraction}`;
}
