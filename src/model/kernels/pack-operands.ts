/**
 * Packing, shared by the portable and the WebAssembly kernels: copies a block of op(A) or op(B)
 * into a contiguous buffer in the order a register-tile micro-kernel reads it, so the inner loop
 * walks memory with stride 1 whatever the transposes. Rows (columns) past the matrix edge are
 * packed as zeros, so micro-kernels always run full tiles.
 */

/**
 * Packs `scale` · op(A)[i0 : i0+mc, p0 : p0+kc] as panels of `mr` rows:
 * `dst[dstOff + panel·mr·kc + p·mr + r] = scale · op(A)[i0 + panel·mr + r, p0 + p]`.
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
  mr: number,
  scale: number,
  dst: Float32Array,
  dstOff: number,
): void {
  for (let ir = 0; ir < mc; ir += mr) {
    const rows = Math.min(mr, mc - ir);
    const base = dstOff + ir * kc;
    if (transA) {
      // op(A)[i, p] = A[p, i]: the mr values of one p are adjacent in A.
      for (let p = 0; p < kc; p++) {
        const src = (p0 + p) * m + i0 + ir;
        const d = base + p * mr;
        for (let r = 0; r < rows; r++) dst[d + r] = scale * a[src + r];
        for (let r = rows; r < mr; r++) dst[d + r] = 0;
      }
    } else {
      // op(A)[i, p] = A[i, p]: read each row contiguously, write with stride mr.
      for (let r = 0; r < mr; r++) {
        if (r < rows) {
          const src = (i0 + ir + r) * k + p0;
          for (let p = 0; p < kc; p++) dst[base + p * mr + r] = scale * a[src + p];
        } else {
          for (let p = 0; p < kc; p++) dst[base + p * mr + r] = 0;
        }
      }
    }
  }
}

/**
 * Packs op(B)[p0 : p0+kc, j0 : j0+nc] as panels of `nr` columns:
 * `dst[dstOff + panel·nr·kc + p·nr + q] = op(B)[p0 + p, j0 + panel·nr + q]`.
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
  nr: number,
  dst: Float32Array,
  dstOff: number,
): void {
  for (let jr = 0; jr < nc; jr += nr) {
    const cols = Math.min(nr, nc - jr);
    const base = dstOff + jr * kc;
    if (transB) {
      // op(B)[p, j] = B[j, p]: read each row of B contiguously, write with stride nr.
      for (let q = 0; q < nr; q++) {
        if (q < cols) {
          const src = (j0 + jr + q) * k + p0;
          for (let p = 0; p < kc; p++) dst[base + p * nr + q] = b[src + p];
        } else {
          for (let p = 0; p < kc; p++) dst[base + p * nr + q] = 0;
        }
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = (p0 + p) * n + j0 + jr;
        const d = base + p * nr;
        for (let q = 0; q < cols; q++) dst[d + q] = b[src + q];
        for (let q = cols; q < nr; q++) dst[d + q] = 0;
      }
    }
  }
}
