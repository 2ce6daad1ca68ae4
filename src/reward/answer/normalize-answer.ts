/**
 * Normalizes a text answer for comparison (SQuAD-style): lower-case, thousands separators and
 * punctuation removed — a `.` inside a number is kept, so 2.5 stays apart from 25 — the articles
 * a/an/the dropped, whitespace collapsed.
 *
 * @example
 * normalizeAnswer("The  Eiffel-Tower, 1,083 ft (330.0 m).") // "eiffel tower 1083 ft 330.0 m"
 */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/(\d),(?=\d{3}(?!\d))/g, "$1")
    .replace(/\.(?!\d)|(?<!\d)\./g, " ")
    .replace(/[^\p{L}\p{N}\s.]/gu, " ")
    .replace(/\b(?:a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
