import { TOOL_CALL_CLOSE, TOOL_CALL_OPEN } from "../core/index.js";

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
