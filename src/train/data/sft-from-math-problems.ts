import { triceMessages } from "../../chat/index.js";
import type { MathProblem } from "../../core/index.js";
import type { SftExample } from "./sft-example.js";
import { triceGoldResponse } from "./trice-gold-response.js";

/**
 * Behavior-cloning data for TRICE's math track (Stage I): each problem as a question and its
 * gold response (`triceGoldResponse`), in TRICE's format.
 *
 * @example
 * sftFromMathProblems(await loadMawps())[0].messages
 * // [{ role: "user", content: "… 56 books in each of his 9 bookshelves …" },
 * //  { role: "assistant", content: "calculator(56 * 9)" }]
 */
export function sftFromMathProblems(problems: readonly MathProblem[]): SftExample[] {
  return problems.map((problem) => {
    const gold = triceGoldResponse(problem);
    return {
      id: problem.id,
      source: problem.source,
      messages: triceMessages(problem.question, gold.response),
      tools: [],
      meta: { answer: problem.answer, used_tool: gold.usedTool },
    };
  });
}
