/**
 * Packing for the portable kernel: copies a block of op(A) or op(B) into a contiguous
 * Float64Array laid out in the order the 4×4 micro-kernel reads it, so its inner loop walks
 * memory with stride 1 whatever the transposes, and converts each float once instead of once
 * per use. Rows (columns) past the matrix edge are packed as zeros, so the micro-kernel always
 * runs the full tile.
 */

/** Rows of C per micro-kernel tile. */
export const MR = 4;
/** Columns of C per micro-kernel tile. */
export const NR = 4;

/**
 * Packs op(A)[i0 : i0+mc, p0 : p0+kc] as panels of MR rows:
 * `dst[panel·MR·kc + p·MR + r] = op(A)[i0 + panel·MR + r, p0 + p]`.
 *
 * @param a A stored m×k (row-major), or k×m when `transA`
 */
export function packA(
  a: Float32Array,
  transA: boolean,
  m: number,
  k: number,
  i0: number,
  mc: number,
  p0: number,
  kc: number,
  dst: Float64Array,
): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    const base = ir * kc;
    if (transA) {
      // op(A)[i, p] = A[p, i]: the MR values of one p are adjacent in A.
      for (let p = 0; p < kc; p++) {
        const src = (p0 + p) * m + i0 + ir;
        const d = base + p * MR;
        for (let r = 0; r < rows; r++) dst[d + r] = a[src + r];
        for (let r = rows; r < MR; r++) dst[d + r] = 0;
      }
    } else {
      // op(A)[i, p] = A[i, p]: read each row contiguously, write with stride MR.
      for (let r = 0; r < MR; r++) {
        if (r < rows) {
          const src = (i0 + ir + r) * k + p0;
          for (let p = 0; p < kc; p++) dst[base + p * MR + r] = a[src + p];
        } else {
          for (let p = 0; p < kc; p++) dst[base + p * MR + r] = 0;
        }
      }
    }
  }
}

/**
 * Packs op(B)[p0 : p0+kc, j0 : j0+nc] as panels of NR columns:
 * `dst[panel·NR·kc + p·NR + q] = op(B)[p0 + p, j0 + panel·NR + q]`.
 *
 * @param b B stored k×n (row-major), or n×k when `transB`
 */
export function packB(
  b: Float32Array,
  transB: boolean,
  n: number,
  k: number,
  j0: number,
  nc: number,
  p0: number,
  kc: number,
  dst: Float64Array,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    const base = jr * kc;
    if (transB) {
      // op(B)[p, j] = B[j, p]: read each row of B contiguously, write with stride NR.
      for (let q = 0; q < NR; q++) {
        if (q < cols) {
          const src = (j0 + jr + q) * k + p0;
          for (let p = 0; p < kc; p++) dst[base + p * NR + q] = b[src + p];
        } else {
          for (let p = 0; p < kc; p++) dst[base + p * NR + q] = 0;
        }
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = (p0 + p) * n + j0 + jr;
        const d = base + p * NR;
        for (let q = 0; q < cols; q++) dst[d + q] = b[src + q];
        for (let q = cols; q < NR; q++) dst[d + q] = 0;
      }
    }
  }
}
