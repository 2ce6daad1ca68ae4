import type { ToolSpec } from "../../core/index.js";
import {
  BFCL_OK,
  type BfclCheck,
  type BfclErrorType,
  type BfclGoldCall,
  type BfclPredictedCall,
  type BfclRow,
  bfclError,
} from "./bfcl-types.js";
import { checkBfclCall, type DecodedCall, decodeBfclCall } from "./check-bfcl-call.js";

/**
 * BFCL's verdict on one entry: all of the model's calls against the ground truth, by the rules
 * of the leaderboard's `eval_runner` and `ast_checker`, picked by the category's name:
 *
 * - `…irrelevance…`: correct when the answer holds no call, `…relevance…`: correct when it
 *   holds one (any function, any arguments). As in BFCL an answer "holds a call" when it has at
 *   least one and every call's arguments decode to a JSON object: an answer with a broken call
 *   counts as no call at all (BFCL's decoder fails on it).
 * - otherwise a call whose arguments are not a JSON object makes the entry wrong
 *   (`ast_decoder:decoder_failed`);
 * - `…parallel…`: as many calls as gold calls, paired in any order the way BFCL pairs them —
 *   each gold call in turn takes the first still-unpaired call that passes for it. (This greedy
 *   pairing can miss an assignment that exists when one call fits two gold calls; we keep it so
 *   the verdict is the leaderboard's. `bfclCallPrf` finds the best assignment instead.)
 * - `…multiple…`: as many calls as gold calls (one, in BFCL's data), the first checked against
 *   the first gold call and the function it names;
 * - the rest (`simple…`): exactly one call, checked against the first gold call and the first
 *   function described (BFCL's simple checker looks no further).
 *
 * @example
 * const tools = [{ type: "function" as const, function: { name: "add", description: "",
 *   parameters: { type: "object", properties: { a: { type: "integer" } }, required: ["a"] } } }];
 * const groundTruth = [{ name: "add", params: { a: [1] } }, { name: "add", params: { a: [2] } }];
 * checkBfclEntry({ category: "parallel", tools, groundTruth,
 *   calls: [{ name: "add", arguments: '{"a": 2}' }, { name: "add", arguments: '{"a": 1}' }] });
 * // { correct: true }
 */
export function checkBfclEntry(
  options: BfclRow & { calls: readonly BfclPredictedCall[] },
): BfclCheck {
  const { category, tools, groundTruth, calls } = options;
  if (category.includes("relevance")) return checkRelevance(category, calls);
  const decoded: DecodedCall[] = [];
  for (const call of calls) {
    const result = decodeBfclCall(call);
    if ("error" in result) return bfclError("ast_decoder:decoder_failed", result.error);
    decoded.push(result);
  }
  const wrongCount = (reason: BfclErrorType, expected: number) =>
    bfclError(reason, `expected ${expected} call(s), got ${decoded.length}`);
  if (category.includes("parallel")) {
    if (decoded.length !== groundTruth.length)
      return wrongCount("parallel_function_checker_no_order:wrong_count", groundTruth.length);
    return pairParallel(tools, groundTruth, decoded);
  }
  if (category.includes("multiple")) {
    if (decoded.length !== groundTruth.length || groundTruth.length === 0)
      return wrongCount("multiple_function_checker:wrong_count", groundTruth.length);
    const gold = groundTruth[0];
    return checkBfclCall({ tool: findTool(tools, gold.name), gold, call: decoded[0] });
  }
  if (decoded.length !== 1 || groundTruth.length === 0)
    return wrongCount("simple_function_checker:wrong_count", 1);
  return checkBfclCall({ tool: tools[0], gold: groundTruth[0], call: decoded[0] });
}

/**
 * Whether an answer holds a call in BFCL's sense: at least one, and every call's arguments
 * decode to a JSON object.
 *
 * @example
 * bfclCallMade([{ name: "f", arguments: '{"x": 1}' }]) // true
 * bfclCallMade([{ name: "f", arguments: '{"x": 1' }]) // false: BFCL cannot decode it
 */
export function bfclCallMade(calls: readonly BfclPredictedCall[]): boolean {
  return calls.length > 0 && calls.every((call) => !("error" in decodeBfclCall(call)));
}

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

/** The function a gold call names (BFCL's `find_description`). */
export function findTool(tools: readonly ToolSpec[], name: string): ToolSpec | undefined {
  return tools.find((tool) => tool.function.name === name);
}

function checkRelevance(category: string, calls: readonly BfclPredictedCall[]): BfclCheck {
  const made = bfclCallMade(calls);
  if (category.includes("irrelevance"))
    return made
      ? bfclError(
          "irrelevance_error:decoder_success",
          `${calls.length} call(s) made where no function fits: ${calls.map((c) => c.name).join(", ")}`,
        )
      : BFCL_OK;
  if (made) return BFCL_OK;
  const broken = calls.map(decodeBfclCall).find((call) => "error" in call);
  return bfclError(
    "relevance_error:decoder_failed",
    broken === undefined ? "no call made where one was due" : broken.error,
  );
}

/** BFCL's `parallel_function_checker_no_order`: greedy, gold call by gold call. */
function pairParallel(
  tools: readonly ToolSpec[],
  groundTruth: readonly BfclGoldCall[],
  calls: readonly DecodedCall[],
): BfclCheck {
  const paired = new Set<number>();
  for (const [i, gold] of groundTruth.entries()) {
    const tool = findTool(tools, gold.name);
    const reasons: string[] = [];
    let match = -1;
    for (const [j, call] of calls.entries()) {
      if (paired.has(j)) continue;
      const check = checkBfclCall({ tool, gold, call });
      if (check.correct) {
        match = j;
        break;
      }
      reasons.push(`call ${j}: ${check.detail}`);
    }
    if (match === -1)
      return bfclError(
        "parallel_function_checker_no_order:cannot_find_match",
        `no unpaired call matches gold call ${i} (${gold.name}): ${reasons.join("; ") || "all calls already paired"}`,
      );
    paired.add(match);
  }
  return BFCL_OK;
}
