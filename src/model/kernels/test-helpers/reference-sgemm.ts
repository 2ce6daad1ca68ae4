import type { GemmParams } from "../kernel.js";

/**
 * The product in float64, straight from the definition, with an error bound per element:
 * what a float32 kernel may differ by (k roundings of terms up to Σ|alpha·a·b| + |beta·c|,
 * plus the final rounding to float32). Reads C only when beta ≠ 0, like the kernels.
 */
export function referenceSgemm(params: GemmParams): { value: Float64Array; bound: Float64Array } {
  const { a, b, c, m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = params;
  const value = new Float64Array(m * n);
  const bound = new Float64Array(m * n);
  const eps = 2 ** -24;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let absSum = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i] : a[i * k + p];
        const bv = transB ? b[j * k + p] : b[p * n + j];
        sum += av * bv;
        absSum += Math.abs(av * bv);
      }
      const cv = beta === 0 ? 0 : beta * c[i * n + j];
      const v = alpha === 0 ? cv : alpha * sum + cv;
      value[i * n + j] = v;
      bound[i * n + j] = 2 * (k + 2) * eps * (Math.abs(alpha) * absSum + Math.abs(cv)) + eps;
    }
  }
  return { value, bound };
}
