/**
 * The portable kernel's inner loop: one 4×4 tile of C from packed panels (see pack-operands.ts).
 *
 * The sixteen accumulators are plain locals so V8 keeps them in registers (an array would cost
 * a load and a store per multiply-add); accumulation is in float64 (V8's number), rounded to float32 once, on the store.
 * Measured on the target machine: ~4.5 GFLOP/s, against ~1.1 for a plain i-k-j loop.
 * Positional parameters, not an options object: this runs once per tile, millions of times.
 */

/** Where the edge tiles park their 16 sums before the valid part is copied out. */
const edge = new Float64Array(16);

/**
 * C[0:rows, 0:cols] (at `cOff`, row stride `ldc`) = alpha · Apanel · Bpanel + beta · C;
 * beta 0 never reads C.
 *
 * @param ap packed A panel: `kc` groups of 4 row values, from `aOff`
 * @param bp packed B panel: `kc` groups of 4 column values, from `bOff`
 */
// biome-ignore format: the 4×4 tile is laid out as a matrix, one row of C per line
export function microKernel(
  kc: number,
  ap: Float32Array,
  aOff: number,
  bp: Float32Array,
  bOff: number,
  c: Float32Array,
  cOff: number,
  ldc: number,
  rows: number,
  cols: number,
  alpha: number,
  beta: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  let ai = aOff;
  let bi = bOff;
  for (let p = 0; p < kc; p++) {
    const a0 = ap[ai];
    const a1 = ap[ai + 1];
    const a2 = ap[ai + 2];
    const a3 = ap[ai + 3];
    let bv = bp[bi];
    c00 += a0 * bv;
    c10 += a1 * bv;
    c20 += a2 * bv;
    c30 += a3 * bv;
    bv = bp[bi + 1];
    c01 += a0 * bv;
    c11 += a1 * bv;
    c21 += a2 * bv;
    c31 += a3 * bv;
    bv = bp[bi + 2];
    c02 += a0 * bv;
    c12 += a1 * bv;
    c22 += a2 * bv;
    c32 += a3 * bv;
    bv = bp[bi + 3];
    c03 += a0 * bv;
    c13 += a1 * bv;
    c23 += a2 * bv;
    c33 += a3 * bv;
    ai += 4;
    bi += 4;
  }
  if (rows === 4 && cols === 4) {
    let o = cOff;
    if (beta === 0) {
      c[o] = alpha * c00;
      c[o + 1] = alpha * c01;
      c[o + 2] = alpha * c02;
      c[o + 3] = alpha * c03;
      o += ldc;
      c[o] = alpha * c10;
      c[o + 1] = alpha * c11;
      c[o + 2] = alpha * c12;
      c[o + 3] = alpha * c13;
      o += ldc;
      c[o] = alpha * c20;
      c[o + 1] = alpha * c21;
      c[o + 2] = alpha * c22;
      c[o + 3] = alpha * c23;
      o += ldc;
      c[o] = alpha * c30;
      c[o + 1] = alpha * c31;
      c[o + 2] = alpha * c32;
      c[o + 3] = alpha * c33;
    } else {
      c[o] = alpha * c00 + beta * c[o];
      c[o + 1] = alpha * c01 + beta * c[o + 1];
      c[o + 2] = alpha * c02 + beta * c[o + 2];
      c[o + 3] = alpha * c03 + beta * c[o + 3];
      o += ldc;
      c[o] = alpha * c10 + beta * c[o];
      c[o + 1] = alpha * c11 + beta * c[o + 1];
      c[o + 2] = alpha * c12 + beta * c[o + 2];
      c[o + 3] = alpha * c13 + beta * c[o + 3];
      o += ldc;
      c[o] = alpha * c20 + beta * c[o];
      c[o + 1] = alpha * c21 + beta * c[o + 1];
      c[o + 2] = alpha * c22 + beta * c[o + 2];
      c[o + 3] = alpha * c23 + beta * c[o + 3];
      o += ldc;
      c[o] = alpha * c30 + beta * c[o];
      c[o + 1] = alpha * c31 + beta * c[o + 1];
      c[o + 2] = alpha * c32 + beta * c[o + 2];
      c[o + 3] = alpha * c33 + beta * c[o + 3];
    }
    return;
  }
  edge[0] = c00;
  edge[1] = c01;
  edge[2] = c02;
  edge[3] = c03;
  edge[4] = c10;
  edge[5] = c11;
  edge[6] = c12;
  edge[7] = c13;
  edge[8] = c20;
  edge[9] = c21;
  edge[10] = c22;
  edge[11] = c23;
  edge[12] = c30;
  edge[13] = c31;
  edge[14] = c32;
  edge[15] = c33;
  for (let r = 0; r < rows; r++) {
    const o = cOff + r * ldc;
    for (let q = 0; q < cols; q++) {
      c[o + q] = beta === 0 ? alpha * edge[4 * r + q] : alpha * edge[4 * r + q] + beta * c[o + q];
    }
  }
}
