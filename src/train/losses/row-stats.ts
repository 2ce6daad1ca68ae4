import type { Floats } from "./loss-fn.js";

// Per-sequence statistics the losses and estimators share.

/**
 * Per sequence: Σ_t mask·values and Σ_t mask (the sequence's token count), in float64.
 * Positions with mask 0 are skipped, not multiplied, so padding holding NaN or −∞ stays out.
 *
 * @param values (B, T)
 * @param mask (B, T)
 * @returns sums (B), counts (B)
 */
export function maskedRowSums(
  values: Floats,
  mask: Floats,
  B: number,
  T: number,
): { sums: Float64Array; counts: Float64Array } {
  const sums = new Float64Array(B);
  const counts = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0;
    let c = 0;
    for (let n = b * T; n < (b + 1) * T; n++) {
      const m = mask[n];
      if (m === 0) continue;
      s += m * values[n];
      c += m;
    }
    sums[b] = s;
    counts[b] = c;
  }
  return { sums, counts };
}

/**
 * The rows of each group, in row order, leaving out rows with no masked-in token (they take no
 * part in any statistic). Group ids need not be contiguous or sorted.
 *
 * @param groups (B) group id per sequence
 * @param counts (B) masked-in tokens per sequence
 */
export function groupRows(groups: Int32Array, counts: Float64Array): Map<number, number[]> {
  const members = new Map<number, number[]>();
  for (let b = 0; b < groups.length; b++) {
    if (counts[b] === 0) continue;
    const rows = members.get(groups[b]);
    if (rows) rows.push(b);
    else members.set(groups[b], [b]);
  }
  return members;
}
