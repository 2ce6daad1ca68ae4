import type { CallRecord } from "../core/index.js";

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
