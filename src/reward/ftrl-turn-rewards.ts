import type { CallRecord, Message } from "../core/index.js";
import { ftrlTurnScore } from "./ftrl-turn-score.js";

/**
 * FTRL's per-turn reward applied to whole trajectories: one `ftrlTurnScore` per assistant
 * message, in order.
 *
 * Calls are paired with turns by position: the env logs one call record per call, in order, so
 * an assistant message with n `tool_calls` owns the next n records of `calls`. The records'
 * `solved` flags (set by the env with core's FTRL matching, `findSolvedSubtask`) give k and
 * the running count of unsolved subtasks.
 *
 * @example
 * const call = (id: string) => ({ id, type: "function" as const, function: { name: "f", arguments: "{}" } });
 * ftrlTurnRewards(
 *   [{
 *     messages: [
 *       { role: "user", content: "…" },
 *       { role: "assistant", content: null, tool_calls: [call("a"), call("b")] },
 *       { role: "tool", tool_call_id: "a", content: "7" },
 *       { role: "tool", tool_call_id: "b", content: "6" },
 *       { role: "assistant", content: "The answer is 42." },
 *     ],
 *     calls: [{ solved: 0 }, { solved: null }],
 *   }],
 *   [{ subtasks: [{}], answer: "42" }],
 * ) // [[2/3, 1]]
 */
export function ftrlTurnRewards(
  trajectories: readonly {
    messages: readonly Message[];
    calls: readonly Pick<CallRecord, "solved">[];
  }[],
  records: readonly { subtasks: readonly unknown[]; answer: string }[],
): number[][] {
  return trajectories.map(({ messages, calls }, i) => {
    const { subtasks, answer } = records[i];
    const solved = new Set<number>();
    let next = 0;
    const rewards: number[] = [];
    for (const message of messages) {
      if (message.role !== "assistant") continue;
      const n = message.tool_calls?.length ?? 0;
      const unsolvedBefore = subtasks.length - solved.size;
      let k = 0;
      for (const call of calls.slice(next, next + n)) {
        if (call.solved !== null && !solved.has(call.solved)) {
          solved.add(call.solved);
          k++;
        }
      }
      next += n;
      rewards.push(
        ftrlTurnScore({ calls: n, solved: k, content: message.content, answer, unsolvedBefore }),
      );
    }
    return rewards;
  });
}
