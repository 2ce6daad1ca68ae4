import type { Subtask } from "../core/index.js";
import { subAnswerMatches } from "./sub-answer-matches.js";

/**
 * FTRL's subtask matching, for the env's call log: the first subtask still unsolved, answered by
 * the same tool, whose sub-answer the output contains (`subAnswerMatches`), or null. Subtasks
 * are tried in plan order, as FTRL walks `unsolved_set[tool]`; the caller marks the returned
 * one solved, so each subtask is credited to one call only.
 *
 * @example
 * const subtasks = [
 *   { question: "", tool: "weather", arguments: {}, answer: "sunny", after: [] },
 *   { question: "", tool: "weather", arguments: {}, answer: "rain", after: [] },
 * ];
 * matchSubtask({ subtasks, unsolved: new Set([0, 1]), tool: "weather", output: "Rain all day" }) // 1
 * matchSubtask({ subtasks, unsolved: new Set([0]), tool: "weather", output: "Rain all day" }) // null
 */
export function matchSubtask(options: {
  subtasks: readonly Pick<Subtask, "tool" | "answer">[];
  /** Indices of the subtasks not solved yet. */
  unsolved: ReadonlySet<number>;
  /** The tool that was called. */
  tool: string;
  /** What it returned, as the model sees it. */
  output: string;
}): number | null {
  const { subtasks, unsolved, tool, output } = options;
  for (let i = 0; i < subtasks.length; i++) {
    if (!unsolved.has(i) || subtasks[i].tool !== tool) continue;
    if (subAnswerMatches(output, subtasks[i].answer)) return i;
  }
  return null;
}
