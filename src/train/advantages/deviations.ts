/**
 * Deviations of `values` from their mean, and Σ deviation². The mean is taken relative to the
 * first value, so values that are all equal give deviations of exactly 0 — not the ±1e-17 that
 * (0.1 + 0.1 + 0.1) / 3 − 0.1 leaves, which a division by a zero std + ε would blow up to
 * ±1e-11 and call a signal.
 */
export function deviations(values: readonly number[]): {
  deviations: Float64Array;
  sumSquares: number;
} {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return { deviations: out, sumSquares: 0 };
  const shift = values[0];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] - shift;
  const mean = sum / n;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    out[i] = values[i] - shift - mean;
    sumSquares += out[i] * out[i];
  }
  return { deviations: out, sumSquares };
}
