import type { GemmParams, MatmulKernel } from "../kernels/kernel.js";

/**
 * Reference sgemm for tests: the textbook triple loop in float64, no blocking, no tricks, so a
 * wrong answer is the model's, not the kernel's.
 */
export const naiveGemm: MatmulKernel = {
  name: "naive-test",
  sgemm({
    a,
    b,
    c,
    m,
    n,
    k,
    transA = false,
    transB = false,
    alpha = 1,
    beta = 0,
  }: GemmParams): void {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = transA ? a[p * m + i] : a[i * k + p];
          const bv = transB ? b[j * k + p] : b[p * n + j];
          s += av * bv;
        }
        const prev = beta === 0 ? 0 : beta * c[i * n + j];
        c[i * n + j] = alpha * s + prev;
      }
    }
  },
};
