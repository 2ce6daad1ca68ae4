import type { Subtask } from "../records/environment-record.js";

/** FTRL's normalization for sub-answer matching: lower-case, commas stripped. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/,/g, "").trim();
}

/**
 * FTRL's rule for "this tool output solves that subtask": the gold sub-answer is split on ", "
 * and every part (lower-cased, commas stripped, trimmed) must be a substring of the output (FTRL's
 * `answer_verify`). It lives in core because both the env (call log) and reward use it. One
 * deliberate difference: an empty sub-answer matches nothing here, where FTRL's would match
 * every output.
 *
 * @example
 * outputSolvesAnswer('{"temp": 21, "unit": "C"}', "21, c") // true
 */
export function outputSolvesAnswer(output: string, answer: string): boolean {
  const haystack = normalize(output);
  const parts = answer
    .split(", ")
    .map(normalize)
    .filter((part) => part !== "");
  return parts.length > 0 && parts.every((part) => haystack.includes(part));
}

/**
 * The first still-unsolved subtask of the called tool whose answer the output contains, or null.
 * FTRL's `unsolved_set` is `{tool: [answers]}`; indices into `subtasks` carry the same thing.
 */
export function findSolvedSubtask(options: {
  subtasks: readonly Subtask[];
  unsolved: ReadonlySet<number>;
  tool: string;
  output: string;
}): number | null {
  const { subtasks, unsolved, tool, output } = options;
  for (const index of unsolved) {
    const subtask = subtasks[index];
    if (subtask.tool === tool && outputSolvesAnswer(output, subtask.answer)) return index;
  }
  return null;
}

/** FTRL's unsolved_set: `{tool: [answers]}` of the subtasks not solved yet. */
export function unsolvedSet(
  subtasks: readonly Subtask[],
  unsolved: ReadonlySet<number>,
): Record<string, string[]> {
  const set: Record<string, string[]> = {};
  for (const index of unsolved) {
    const { tool, answer } = subtasks[index];
    (set[tool] ??= []).push(answer);
  }
  return set;
}
