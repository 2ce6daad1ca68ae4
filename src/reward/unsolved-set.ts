import type { Subtask } from "../core/index.js";

/**
 * FTRL's `unsolved_set`, `{tool: [sub-answers]}`, derived from the gold plan: the sub-answers of
 * the subtasks not yet solved, grouped by the tool that answers them, in plan order.
 *
 * @example
 * unsolvedSet([
 *   { question: "", tool: "weather", arguments: {}, answer: "sunny", after: [] },
 *   { question: "", tool: "time", arguments: {}, answer: "9:00", after: [] },
 *   { question: "", tool: "weather", arguments: {}, answer: "rain", after: [] },
 * ], [0]) // { time: ["9:00"], weather: ["rain"] }
 */
export function unsolvedSet(
  subtasks: readonly Pick<Subtask, "tool" | "answer">[],
  solved: Iterable<number> = [],
): Record<string, string[]> {
  const done = new Set(solved);
  const byTool = new Map<string, string[]>();
  subtasks.forEach((subtask, i) => {
    if (done.has(i)) return;
    const answers = byTool.get(subtask.tool) ?? [];
    answers.push(subtask.answer);
    byTool.set(subtask.tool, answers);
  });
  return Object.fromEntries(byTool);
}
