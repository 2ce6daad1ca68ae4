/**
 * BFCL's string normalization: drop spaces and `,./-_*^`, lower-case, and turn `'` into `"`,
 * so `April 1, 2024`, `April 1,2024` and `april 1 2024` compare equal.
 *
 * @example
 * standardizeString("New York, NY") // "newyorkny"
 */
export function standardizeString(text: string): string {
  return text
    .replace(/[ ,./\-_*^]/g, "")
    .toLowerCase()
    .replaceAll("'", '"');
}
