import { GemmArgumentError } from "./gemm-argument-error.js";
import type { GemmParams } from "./kernel.js";

/**
 * Throws a `GemmArgumentError` unless `params` describe a product every kernel can compute
 * safely: Float32Array operands, integer dimensions, buffers long enough for their shapes, and
 * a C that overlaps neither A nor B (BLAS reads A and B while writing C, so an overlap gives
 * silent garbage, not an error).
 */
export function checkGemmParams(params: GemmParams): void {
  const { a, b, c, m, n, k, transA = false, transB = false } = params;
  checkDim("m", m);
  checkDim("n", n);
  checkDim("k", k);
  checkOperand("a", a, m, k, transA ? `op(A) = Aᵀ with A stored ${k}×${m}` : `A (${m}×${k})`);
  checkOperand("b", b, k, n, transB ? `op(B) = Bᵀ with B stored ${n}×${k}` : `B (${k}×${n})`);
  checkOperand("c", c, m, n, `C (${m}×${n})`);
  if (overlaps(c, m * n, a, m * k)) throw new GemmArgumentError("c", "c overlaps a in memory");
  if (overlaps(c, m * n, b, k * n)) throw new GemmArgumentError("c", "c overlaps b in memory");
}

function checkDim(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
    throw new GemmArgumentError(name, `${name} must be an integer in [0, 2^31), got ${value}`);
  }
}

function checkOperand(
  name: string,
  array: Float32Array,
  rows: number,
  cols: number,
  shape: string,
): void {
  if (!(array instanceof Float32Array)) {
    throw new GemmArgumentError(name, `${name} must be a Float32Array`);
  }
  if (array.length < rows * cols) {
    throw new GemmArgumentError(
      name,
      `${name} has ${array.length} elements, but ${shape} needs ${rows * cols}`,
    );
  }
}

/** Whether the first `xLength` elements of x share bytes with the first `yLength` of y. */
function overlaps(x: Float32Array, xLength: number, y: Float32Array, yLength: number): boolean {
  if (x.buffer !== y.buffer || xLength === 0 || yLength === 0) return false;
  const xStart = x.byteOffset;
  const yStart = y.byteOffset;
  return xStart < yStart + 4 * yLength && yStart < xStart + 4 * xLength;
}
