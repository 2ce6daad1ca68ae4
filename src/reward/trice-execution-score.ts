import { numbersClose } from "./answer-match.js";

/** One sampled response to a math question, after execution (see env/calculator). */
export interface TriceCandidate {
  /** The executed answer; null when the response could not be read or its expression failed. */
  prediction: number | null;
  /** Whether the response called the calculator. */
  usedTool: boolean;
  /** The gold response of the training data, ranked among the samples. */
  isGold?: boolean;
}

export interface TriceGold {
  answer: number;
  /** Whether the gold response uses the calculator. */
  usedTool: boolean;
}

/**
 * TRICE's execution-feedback score (Stage II, RLEF), batched: for each question, a score per
 * candidate response for RRHF's ranking — higher is better, equal quality scores equal.
 *
 *   gold response                                   3
 *   correct, tool use consistent with the gold      2
 *   correct, tool use inconsistent                  1
 *   wrong: 1/(1 + |prediction − gold|)              in (0, 1), the closer the higher
 *   unreadable, failed or non-finite                0
 *
 * Correct means within `numbersClose`'s tolerance.
 *
 * @example
 * triceExecutionScore(
 *   [[
 *     { prediction: 72, usedTool: true, isGold: true },
 *     { prediction: 72, usedTool: true },
 *     { prediction: 72, usedTool: false },
 *     { prediction: 70, usedTool: true },
 *     { prediction: 10, usedTool: false },
 *     { prediction: null, usedTool: true },
 *   ]],
 *   [{ answer: 72, usedTool: true }],
 * ) // [[3, 2, 1, 1/3, 1/63, 0]]
 */
export function triceExecutionScore(
  candidates: readonly (readonly TriceCandidate[])[],
  golds: readonly TriceGold[],
): number[][] {
  return candidates.map((group, i) => {
    const gold = golds[i];
    return group.map((candidate) => {
      if (candidate.isGold) return 3;
      const { prediction } = candidate;
      if (prediction === null || !Number.isFinite(prediction)) return 0;
      if (numbersClose(prediction, gold.answer))
        return candidate.usedTool === gold.usedTool ? 2 : 1;
      return 1 / (1 + Math.abs(prediction - gold.answer));
    });
  });
}
