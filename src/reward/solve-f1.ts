import type { CallRecord } from "../core/index.js";
import { solvedCount } from "./solved-count.js";

/**
 * FTRL's Solve-F1 = 2·solved / (#calls + #subtasks), the harmonic mean of Solve-P and Solve-R.
 * With no calls and no subtasks both are 1, and so is F1; with calls but no subtasks it is 0.
 *
 * @example
 * solveF1(
 *   [{ calls: [{ solved: 0 }, { solved: 1 }, { solved: null }] }, { calls: [] }],
 *   [{ subtasks: [{}, {}] }, { subtasks: [] }],
 * ) // [0.8, 1] — 2·2 / (3 + 2)
 */
export function solveF1(
  trajectories: readonly { calls: readonly Pick<CallRecord, "solved">[] }[],
  /** Only the number of subtasks in each gold plan matters. */
  records: readonly { subtasks: readonly unknown[] }[],
): number[] {
  return trajectories.map(({ calls }, i) => {
    const denominator = calls.length + records[i].subtasks.length;
    return denominator === 0 ? 1 : (2 * solvedCount(calls)) / denominator;
  });
}
