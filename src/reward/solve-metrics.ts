import type { CallRecord } from "../core/index.js";

/**
 * FTRL's Solve-P, the precision of tool use: subtasks solved / calls made.
 *
 * A trajectory without calls is 0/0. FTRL (arXiv 2508.08791) defines Solve-P as the share of
 * calls that solve a subtask and gives no rule for making none; its released evaluation script
 * (`Code/evaluation/evaluation_self.py`) scores such an episode 1.0. That rewards silence: a
 * model that answers every question without a call would show perfect precision. So here an
 * episode without calls has Solve-P 0 when its task needed calls — nothing it did solved anything, matching its Solve-R
 * and Solve-F1 of 0 — and 1 only when its task has no subtasks (nothing was needed, nothing was
 * wasted; Solve-R and Solve-F1 are 1 too). The reward, Solve-P · Solve-R, is the same either
 * way: Solve-R is 0 whenever a needed call was not made.
 *
 * @example
 * solveP(
 *   [{ calls: [{ solved: 0 }, { solved: null }] }, { calls: [] }, { calls: [] }],
 *   [{ subtasks: [{}] }, { subtasks: [{}] }, { subtasks: [] }],
 * ) // [0.5, 0, 1]
 */
export function solveP(
  trajectories: readonly { calls: readonly Pick<CallRecord, "solved">[] }[],
  /** Only the number of subtasks in each gold plan matters. */
  records: readonly { subtasks: readonly unknown[] }[],
): number[] {
  return trajectories.map(({ calls }, i) => {
    if (calls.length > 0) return solvedCount(calls) / calls.length;
    return records[i].subtasks.length === 0 ? 1 : 0;
  });
}

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

/**
 * How many distinct subtasks a call log solved. The env marks a subtask only on the call that
 * solves it first; counting distinct indices keeps a log that marks one twice from pushing
 * recall past 1.
 */
export function solvedCount(calls: readonly Pick<CallRecord, "solved">[]): number {
  const solved = new Set<number>();
  for (const call of calls) if (call.solved !== null) solved.add(call.solved);
  return solved.size;
}
