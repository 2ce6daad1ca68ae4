import type { CallRecord, Message } from "../core/index.js";
import { ftrlTurnRewards } from "./ftrl-turn-rewards.js";

/**
 * FTRL's per-turn reward folded into one number per trajectory: the mean over its assistant
 * turns, or null for a trajectory without any (nothing to score — skip it).
 *
 * Why the mean: FTRL trains on each turn as its own sample, so the mean is the average reward
 * those samples carry; it stays in [−0.5, 2) whatever the length, where a sum would pay a
 * policy for spreading its calls over extra turns.
 *
 * @example
 * ftrlTurnReward(
 *   [{ messages: [{ role: "assistant", content: "" }, { role: "assistant", content: "42" }], calls: [] }],
 *   [{ subtasks: [], answer: "42" }],
 * ) // [0.25] — mean of −0.5 and 1
 */
export function ftrlTurnReward(
  trajectories: readonly {
    messages: readonly Message[];
    calls: readonly Pick<CallRecord, "solved">[];
  }[],
  records: readonly { subtasks: readonly unknown[]; answer: string }[],
): (number | null)[] {
  return ftrlTurnRewards(trajectories, records).map((turns) =>
    turns.length === 0 ? null : turns.reduce((sum, r) => sum + r, 0) / turns.length,
  );
}
