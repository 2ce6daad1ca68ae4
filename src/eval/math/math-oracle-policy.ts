import type { MathProblem } from "../../core/index.js";
import type { Policy } from "../../policy/index.js";

/** What the oracle says when a problem has no gold equation: no number, so never right. */
export const NO_EQUATION_REPLY = "There is no gold equation for this problem.";

/**
 * The gold equation of one problem as a policy — `toolgym math eval --policy oracle`. With the
 * calculator as a native tool it calls it with the equation, then answers with what the
 * calculator returned; in TRICE's text format it replies `calculator(<equation>)`. So it scores
 * exactly where the equation, run on the calculator, gives the stated answer, and the problems
 * it misses are the data's own exceptions (`checkGoldEquation`).
 *
 * @example
 * await mathOraclePolicy(problem).act({ messages: [question], tools: [] })
 * // { message: { role: "assistant", content: "calculator(56 * 9)" } }
 */
export function mathOraclePolicy(problem: MathProblem): Policy {
  return {
    name: "oracle",
    async act({ messages, tools }) {
      const { formula } = problem;
      if (formula === undefined)
        return { message: { role: "assistant", content: NO_EQUATION_REPLY } };
      if (tools.length === 0)
        return { message: { role: "assistant", content: `calculator(${formula})` } };
      const result = messages.findLast((m) => m.role === "tool");
      if (result !== undefined)
        return { message: { role: "assistant", content: `The answer is ${result.content}.` } };
      return {
        message: {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_0_0",
              type: "function",
              function: { name: "calculator", arguments: JSON.stringify({ expression: formula }) },
            },
          ],
        },
      };
    },
  };
}
