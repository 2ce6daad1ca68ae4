import type { BfclPredictedCall, BfclRow } from "./bfcl-types.js";
import { checkBfclCall, type DecodedCall, decodeBfclCall } from "./check-bfcl-call.js";
import { findTool } from "./check-bfcl-entry.js";

export interface CallPrf {
  precision: number;
  recall: number;
  f1: number;
  /** Predicted calls matched one-to-one to a gold call (name and arguments, BFCL's rules). */
  hits: number;
}

/**
 * Argument-aware precision, recall and F1 over calls: a predicted call is a hit only when its
 * name and arguments pass BFCL's call check against a gold call, each gold call used once (a
 * maximum one-to-one matching). A call whose arguments do not parse is never a hit.
 *
 * Precision = hits / #predicted (1 when nothing was predicted), recall = hits / #gold (1 when
 * there is no gold call), F1 = 2·hits / (#predicted + #gold) (1 when both are 0) — the same
 * conventions as FTRL's Solve-P/R/F1. Unlike the AST check, the category plays no part, and a
 * partly right parallel answer earns partial credit.
 *
 * @example
 * const tools = [{ type: "function" as const, function: { name: "add", description: "",
 *   parameters: { type: "object", properties: { a: { type: "integer" } }, required: ["a"] } } }];
 * const row = { category: "parallel", tools, groundTruth: [{ name: "add", params: { a: [1] } }, { name: "add", params: { a: [2] } }] };
 * bfclCallPrf([[{ name: "add", arguments: '{"a": 2}' }, { name: "add", arguments: '{"a": 3}' }, { name: "add", arguments: "{" }]], [row]);
 * // [{ precision: 1/3, recall: 1/2, f1: 0.4, hits: 1 }]
 */
export function bfclCallPrf(
  predictions: readonly (readonly BfclPredictedCall[])[],
  rows: readonly Pick<BfclRow, "tools" | "groundTruth">[],
): CallPrf[] {
  return predictions.map((calls, i) => {
    const { tools, groundTruth } = rows[i];
    const decoded = calls
      .map(decodeBfclCall)
      .filter((call): call is DecodedCall => !("error" in call));
    const edges = groundTruth.map((gold) => {
      const tool = findTool(tools, gold.name);
      return decoded.flatMap((call, j) => (checkBfclCall({ tool, gold, call }).correct ? [j] : []));
    });
    const hits = maxMatching(edges, decoded.length).filter((j) => j !== -1).length;
    const predicted = calls.length;
    const gold = groundTruth.length;
    return {
      precision: predicted === 0 ? 1 : hits / predicted,
      recall: gold === 0 ? 1 : hits / gold,
      f1: predicted + gold === 0 ? 1 : (2 * hits) / (predicted + gold),
      hits,
    };
  });
}

/**
 * A maximum one-to-one matching in a bipartite graph (Kuhn's augmenting paths; the graphs here
 * have at most a few dozen nodes a side). `edges[i]` lists the right nodes left node i may take.
 * Returns, per left node, its right node or -1.
 *
 * @example
 * maxMatching([[0, 1], [0]], 2) // [1, 0]: greedy would give left 0 the right 0 and strand left 1
 */
export function maxMatching(edges: readonly (readonly number[])[], rightCount: number): number[] {
  const leftOf = new Array<number>(rightCount).fill(-1);
  const augment = (left: number, seen: boolean[]): boolean => {
    for (const right of edges[left]) {
      if (seen[right]) continue;
      seen[right] = true;
      if (leftOf[right] === -1 || augment(leftOf[right], seen)) {
        leftOf[right] = left;
        return true;
      }
    }
    return false;
  };
  for (let left = 0; left < edges.length; left++)
    augment(left, new Array<boolean>(rightCount).fill(false));
  const rightOf = new Array<number>(edges.length).fill(-1);
  leftOf.forEach((left, right) => {
    if (left !== -1) rightOf[left] = right;
  });
  return rightOf;
}
