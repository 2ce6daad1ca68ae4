/**
 * FTRL's `answer_verify`: does a tool output contain a gold sub-answer? The sub-answer is split
 * on ", " into parts, and every part — lower-cased, commas removed, trimmed — must be a
 * substring of the output, lower-cased with commas removed. So "Paris, 2,148,000" is found in
 * `{"city": "Paris", "population": 2148000}`.
 *
 * @example
 * subAnswerMatches('{"city": "Paris", "population": 2148000}', "Paris, 2,148,000") // true
 * subAnswerMatches("21.5 C", "22") // false
 */
export function subAnswerMatches(output: string, answer: string): boolean {
  const haystack = output.toLowerCase().replaceAll(",", "").trim();
  return answer
    .split(", ")
    .every((part) => haystack.includes(part.toLowerCase().replaceAll(",", "").trim()));
}
