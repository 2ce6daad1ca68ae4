/**
 * A question reduced for duplicate detection: lower-case, punctuation dropped (a `.` or `:`
 * inside a number kept), whitespace collapsed. "What is the capital of Varnesia?" and
 * "what is the capital of  varnesia" are the same question.
 *
 * @example
 * normalizeQuestion("What's 2.5 km in miles?") // "what s 2.5 km in miles"
 */
export function normalizeQuestion(question: string): string {
  return question
    .toLowerCase()
    .replace(/(?<!\d)[.:]|[.:](?!\d)/g, " ")
    .replace(/[^\p{L}\p{N}\s.:]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}
