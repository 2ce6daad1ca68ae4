import { expect } from "vitest";

/**
 * Element-wise |actual − expected| ≤ atol + rtol·|expected|, reporting the worst element.
 * A relative bound alone fails on values that are zero up to rounding (a gradient that cancels),
 * hence the absolute floor.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol = 1e-4, atol = 1e-6, label = "" }: { rtol?: number; atol?: number; label?: string } = {},
): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= worstExcess)) {
      worstExcess = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
      worst = i;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${label}[${worst}]: ${actual[worst]} vs expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`,
    );
  }
}
