import { checkGemmParams } from "./check-gemm-params.js";
import type { MatmulKernel } from "./kernel.js";
import { microKernel } from "./micro-kernel.js";
import { packA, packB } from "./pack-operands.js";

/**
 * Cache blocking (GotoBLAS order): a KC×NC slab of op(B) is packed once and reused by every
 * MC-row block of op(A); an MC×KC block of A stays hot while it sweeps the slab. Sizes
 * measured on the target machine (1 MiB L2): larger blocks gained nothing.
 */
/** The micro-kernel's tile: MR rows × NR columns of C. */
const MR = 4;
const NR = 4;
const KC = 256;
const MC = 64;
const NC = 512;

/** Packing buffers, grown on demand and reused: the hot loop allocates nothing. */
let packedA = new Float32Array(0);
let packedB = new Float32Array(0);

/**
 * The matrix product in plain TypeScript: needs no build step and works on every platform.
 * Blocked and packed, with a 4×4 register tile; single-threaded.
 */
export const portableKernel: MatmulKernel = {
  name: "portable",
  sgemm(params) {
    checkGemmParams(params);
    const { a, b, c, m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = params;
    portableSgemm(a, b, c, m, n, k, transA, transB, alpha, beta);
  },
};

function portableSgemm(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  alpha: number,
  beta: number,
): void {
  if (m === 0 || n === 0) return;
  if (alpha === 0 || k === 0) {
    scaleInPlace(c, m * n, beta);
    return;
  }
  const kcMax = Math.min(KC, k);
  const mcMax = roundUp(Math.min(MC, m), MR);
  const ncMax = roundUp(Math.min(NC, n), NR);
  if (packedA.length < mcMax * kcMax) packedA = new Float32Array(mcMax * kcMax);
  if (packedB.length < kcMax * ncMax) packedB = new Float32Array(kcMax * ncMax);
  const ap = packedA;
  const bp = packedB;

  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      // Only the first slice of k applies the caller's beta; later ones add to it.
      const betaHere = p0 === 0 ? beta : 1;
      packB(b, transB, n, k, j0, nc, p0, kc, NR, bp, 0);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packA(a, transA, m, k, i0, mc, p0, kc, MR, 1, ap, 0);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = Math.min(MR, mc - ir);
            const cOff = (i0 + ir) * n + j0 + jr;
            microKernel(kc, ap, ir * kc, bp, jr * kc, c, cOff, n, rows, cols, alpha, betaHere);
          }
        }
      }
    }
  }
}

function roundUp(x: number, multiple: number): number {
  return Math.ceil(x / multiple) * multiple;
}

/**
 * x[0 : length] = beta · x: what a product with k = 0 or alpha = 0 reduces to. beta 0 writes
 * zeros without reading x (which may hold NaN), as BLAS does.
 */
export function scaleInPlace(x: Float32Array, length: number, beta: number): void {
  if (beta === 1) return;
  if (beta === 0) {
    x.fill(0, 0, length);
    return;
  }
  for (let i = 0; i < length; i++) x[i] *= beta;
}
