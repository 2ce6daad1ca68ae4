// A number not glued to a word or another number: `-1,234.5`, `.5`, `3/4`, `2e3`.
// Thousands separators need full groups (`1,234`), so a list `1,2,3` gives three numbers.
const NUMBER =
  /(?<![\w.])-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:\/\d+(?:\.\d+)?)?(?:[eE][-+]?\d+)?/g;

/**
 * The numbers in free text, in order. Commas in `1,234` are thousands separators, `3/4` is a
 * fraction (0.75), a `-` counts as a sign only when it does not follow a word (`5-3` is 5 and 3).
 *
 * @example
 * extractNumbers("She paid $1,234.50 for 3/4 of it, -2 left") // [1234.5, 0.75, -2]
 */
export function extractNumbers(text: string): number[] {
  const numbers: number[] = [];
  for (const [token] of text.matchAll(NUMBER)) {
    const [num, den] = token.replaceAll(",", "").split("/");
    const value = den === undefined ? Number(num) : Number(num) / Number(den);
    if (Number.isFinite(value)) numbers.push(value);
  }
  return numbers;
}
