import type { CallRecord } from "../core/index.js";
import { solvedCount } from "./solved-count.js";

/**
 * FTRL's Solve-R, the completeness of tool use: subtasks solved / subtasks in the gold plan.
 * A task with no subtasks has nothing left to solve, so its recall is 1 (and any call it makes
 * shows up in Solve-P instead).
 *
 * @example
 * solveR(
 *   [{ calls: [{ solved: 1 }, { solved: null }] }, { calls: [] }],
 *   [{ subtasks: [{}, {}] }, { subtasks: [] }],
 * ) // [0.5, 1]
 */
export function solveR(
  trajectories: readonly { calls: readonly Pick<CallRecord, "solved">[] }[],
  /** Only the number of subtasks in each gold plan matters. */
  records: readonly { subtasks: readonly unknown[] }[],
): number[] {
  return trajectories.map(({ calls }, i) => {
    const total = records[i].subtasks.length;
    return total === 0 ? 1 : solvedCount(calls) / total;
  });
}
