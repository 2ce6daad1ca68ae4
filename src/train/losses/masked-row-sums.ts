import type { Floats } from "./loss-fn.js";

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
