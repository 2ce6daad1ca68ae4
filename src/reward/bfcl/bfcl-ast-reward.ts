import type { BfclPredictedCall, BfclRow } from "./bfcl-types.js";
import { checkBfclEntry } from "./check-bfcl-entry.js";

/**
 * BFCL's AST accuracy as a batched reward: 1 when an entry's calls pass `checkBfclEntry`, else 0.
 *
 * @example
 * const tools = [{ type: "function" as const, function: { name: "math.factorial", description: "",
 *   parameters: { type: "object", properties: { number: { type: "integer" } }, required: ["number"] } } }];
 * const row = { category: "simple_python", tools, groundTruth: [{ name: "math.factorial", params: { number: [5] } }] };
 * bfclAstReward(
 *   [[{ name: "math_factorial", arguments: '{"number": 5}' }], [{ name: "math.factorial", arguments: '{"number": 5.0}' }]],
 *   [row, row],
 * ); // [1, 0] — 5.0 is a float where an integer is declared
 */
export function bfclAstReward(
  predictions: readonly (readonly BfclPredictedCall[])[],
  rows: readonly BfclRow[],
): number[] {
  return predictions.map((calls, i) => (checkBfclEntry({ ...rows[i], calls }).correct ? 1 : 0));
}
