import { parseTriceResponse } from "../../core/index.js";
import { evaluateExpression } from "./evaluate-expression.js";

export interface ExecutedCandidate {
  /** The response's answer after execution; null when it cannot be read or its expression fails. */
  prediction: number | null;
  /** Whether the response called the calculator. */
  usedTool: boolean;
  /** Why `prediction` is null. */
  reason?: string;
}

/**
 * Executes one TRICE response: `calculator(<expression>)` is evaluated (`evaluateExpression`),
 * `The answer is <n>.` is read as it stands, anything else has no prediction. The result feeds
 * reward's `triceExecutionScore`.
 *
 * @example
 * executeTriceCandidate("calculator(48/2 + 48)") // { prediction: 72, usedTool: true }
 * executeTriceCandidate("The answer is 72.") // { prediction: 72, usedTool: false }
 * executeTriceCandidate("calculator(1:1e9)") // { prediction: null, usedTool: true, reason: "range expressions are not allowed" }
 */
export function executeTriceCandidate(text: string): ExecutedCandidate {
  const response = parseTriceResponse(text);
  if (response.kind === "answer") return { prediction: response.value, usedTool: false };
  if (response.kind === "invalid")
    return { prediction: null, usedTool: false, reason: response.reason };
  const result = evaluateExpression(response.expression);
  return result.ok
    ? { prediction: result.value, usedTool: true }
    : { prediction: null, usedTool: true, reason: result.reason };
}
