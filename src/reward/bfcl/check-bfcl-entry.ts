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
import { checkBfclCall, type DecodedCall } from "./check-bfcl-call.js";
import { decodeBfclCall } from "./decode-bfcl-call.js";
import { maxMatching } from "./max-matching.js";

/**
 * BFCL's AST check of one entry: all of the model's calls against the ground truth.
 *
 * - `irrelevance`: correct when no call is made; any call is wrong, even one whose arguments do
 *   not parse (BFCL would count an undecodable call as "no call"; we judge the attempt).
 * - otherwise a call whose arguments are not a JSON object makes the entry wrong
 *   (`ast_decoder:decoder_failed`), as a failed decode does in BFCL;
 * - `parallel…` categories: as many calls as gold calls, matched one-to-one in any order. We find
 *   the assignment with augmenting paths; BFCL pairs greedily, which can miss an assignment when
 *   one call fits two gold calls — so this accepts everything BFCL accepts, and those cases too;
 * - `…multiple…` (one of several functions) and the rest (`simple…`): exactly one call, checked
 *   against the single gold call.
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
  if (category.includes("irrelevance")) {
    if (calls.length === 0) return BFCL_OK;
    return bfclError(
      "irrelevance_error:decoder_success",
      `${calls.length} call(s) made where no function fits: ${calls.map((c) => c.name).join(", ")}`,
    );
  }
  const decoded: DecodedCall[] = [];
  for (const call of calls) {
    const result = decodeBfclCall(call);
    if ("error" in result) return bfclError("ast_decoder:decoder_failed", result.error);
    decoded.push(result);
  }
  const wrongCount = (reason: BfclErrorType) =>
    bfclError(reason, `expected ${groundTruth.length} call(s), got ${decoded.length}`);
  if (category.includes("parallel")) {
    if (decoded.length !== groundTruth.length)
      return wrongCount("parallel_function_checker_no_order:wrong_count");
    return matchParallel(tools, groundTruth, decoded);
  }
  if (decoded.length !== 1 || groundTruth.length !== 1)
    return wrongCount(
      category.includes("multiple")
        ? "multiple_function_checker:wrong_count"
        : "simple_function_checker:wrong_count",
    );
  const gold = groundTruth[0];
  return checkBfclCall({ tool: findTool(tools, gold.name), gold, call: decoded[0] });
}

function matchParallel(
  tools: readonly ToolSpec[],
  groundTruth: readonly BfclGoldCall[],
  calls: readonly DecodedCall[],
): BfclCheck {
  const checks = groundTruth.map((gold) => {
    const tool = findTool(tools, gold.name);
    return calls.map((call) => checkBfclCall({ tool, gold, call }));
  });
  const edges = checks.map((row) => row.flatMap((check, j) => (check.correct ? [j] : [])));
  const assignment = maxMatching(edges, calls.length);
  const unmatched = assignment.indexOf(-1);
  if (unmatched === -1) return BFCL_OK;
  // Say why the first unmatched gold call fits none of the calls.
  const why = checks[unmatched]
    .map((check, j) =>
      check.correct ? `call ${j}: fits another gold call` : `call ${j}: ${check.detail}`,
    )
    .join("; ");
  return bfclError(
    "parallel_function_checker_no_order:cannot_find_match",
    `no call matches gold call ${unmatched} (${groundTruth[unmatched].name}): ${why}`,
  );
}

/** The function a gold call names (BFCL's `find_description`). */
export function findTool(tools: readonly ToolSpec[], name: string): ToolSpec | undefined {
  return tools.find((tool) => tool.function.name === name);
}
