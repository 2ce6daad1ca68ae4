import { type CallRecord, type Message, TOOL_CALL_CLOSE, TOOL_CALL_OPEN } from "../core/index.js";

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

/** What FTRL's per-turn reward looks at in one assistant turn. */
export interface FtrlTurn {
  /** Tool calls the turn made. */
  calls: number;
  /** Of those, how many solved a subtask that was still unsolved. */
  solved: number;
  /** The turn's text. */
  content: string | null;
  /** The task's gold final answer. */
  answer: string;
  /** Subtasks still unsolved when the turn began. */
  unsolvedBefore: number;
}

/**
 * FTRL's per-turn reward (`compute_solve_f1` in their code) for one assistant turn.
 *
 * A turn with n calls of which k solve an unsolved subtask scores 2k/(n+1), FTRL's F1-like mix
 * of precision (k/n) and progress: wasted calls lower it, and a turn whose calls all solve
 * something earns more the more it solves at once (1 for one call, 4/3 for two; always < 2).
 * A turn without calls (an answer) scores, first rule that applies:
 * empty text → −0.5; stray tool-call markup (a call the parser could not read) → −0.3;
 * the gold answer in the text (lower-cased, commas removed) → 1/(1 + #unsolved), so answering
 * before the work is done earns less; everything solved → 0.5; else 0.
 *
 * @example
 * ftrlTurnScore({ calls: 2, solved: 2, content: null, answer: "42", unsolvedBefore: 2 }) // 4/3
 * ftrlTurnScore({ calls: 0, solved: 0, content: "It is 42.", answer: "42", unsolvedBefore: 0 }) // 1
 * ftrlTurnScore({ calls: 0, solved: 0, content: "<tool_call>{oops", answer: "42", unsolvedBefore: 1 }) // -0.3
 */
export function ftrlTurnScore(turn: FtrlTurn): number {
  if (turn.calls > 0) return (2 * turn.solved) / (turn.calls + 1);
  const content = turn.content?.trim() ?? "";
  if (content === "") return -0.5;
  if (STRAY_MARKUP.some((tag) => content.includes(tag))) return -0.3;
  const gold = turn.answer.toLowerCase().replaceAll(",", "").trim();
  if (content.toLowerCase().replaceAll(",", "").includes(gold))
    return 1 / (1 + turn.unsolvedBefore);
  return turn.unsolvedBefore === 0 ? 0.5 : 0;
}

/** The markup FTRL checks for, including its `<tool_parsed_response>` tag. */
const STRAY_MARKUP = [TOOL_CALL_OPEN, TOOL_CALL_CLOSE, "<tool_parsed_response>"];
