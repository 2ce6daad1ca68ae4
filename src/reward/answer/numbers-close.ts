/**
 * Numeric answer equality with tolerance: within 1e-6 absolutely or 1e-4 relative to the gold
 * value, so 0.1 + 0.2 equals 0.3 and 33.333 equals 100/3 while 33.3 does not.
 *
 * @example
 * numbersClose(0.1 + 0.2, 0.3) // true
 * numbersClose(33.3, 100 / 3) // false
 */
export function numbersClose(predicted: number, gold: number): boolean {
  const diff = Math.abs(predicted - gold);
  return diff <= 1e-6 || diff <= 1e-4 * Math.abs(gold);
}
