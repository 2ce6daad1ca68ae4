import type { CallRecord } from "../core/index.js";
import { solvedCount } from "./solved-count.js";

/**
 * FTRL's Solve-P, the precision of tool use: subtasks solved / calls made. A trajectory without
 * calls has precision 1 (no call was wasted; recall is what penalises not calling).
 *
 * @example
 * solveP([{ calls: [{ solved: 0 }, { solved: null }] }, { calls: [] }]) // [0.5, 1]
 */
export function solveP(
  trajectories: readonly { calls: readonly Pick<CallRecord, "solved">[] }[],
): number[] {
  return trajectories.map(({ calls }) =>
    calls.length === 0 ? 1 : solvedCount(calls) / calls.length,
  );
}
