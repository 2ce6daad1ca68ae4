import { GemmArgumentError } from "./gemm-argument-error.js";
import type { GemmParams } from "./kernel.js";

/**
 * Throws a `GemmArgumentError` unless `params` describe a product every kernel can compute
 * safely: Float32Array operands, integer dimensions, buffers long enough for their shapes, and
 * a C that overlaps neither A nor B (BLAS reads A and B while writing C, so an overlap gives
 * silent garbage, not an error). Runs on every product, so it builds no string unless it throws.
 */
export function checkGemmParams(params: GemmParams): void {
  const { a, b, c, m, n, k } = params;
  checkDim("m", m);
  checkDim("n", n);
  checkDim("k", k);
  if (!(a instanceof Float32Array)) throw notFloat32("a");
  if (!(b instanceof Float32Array)) throw notFloat32("b");
  if (!(c instanceof Float32Array)) throw notFloat32("c");
  if (a.length < m * k) throw tooShort("a", params);
  if (b.length < k * n) throw tooShort("b", params);
  if (c.length < m * n) throw tooShort("c", params);
  if (overlaps(c, m * n, a, m * k)) throw new GemmArgumentError("c", "c overlaps a in memory");
  if (overlaps(c, m * n, b, k * n)) throw new GemmArgumentError("c", "c overlaps b in memory");
}

function checkDim(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
    throw new GemmArgumentError(name, `${name} must be an integer in [0, 2^31), got ${value}`);
  }
}

function notFloat32(name: string): GemmArgumentError {
  return new GemmArgumentError(name, `${name} must be a Float32Array`);
}

/** E.g. "a has 11 elements, but op(A) = Aᵀ with A stored 4×3 needs 12". */
function tooShort(name: "a" | "b" | "c", params: GemmParams): GemmArgumentError {
  const { m, n, k, transA = false, transB = false } = params;
  const [shape, rows, cols] =
    name === "a"
      ? [transA ? "op(A) = Aᵀ with A stored" : "A", transA ? k : m, transA ? m : k]
      : name === "b"
        ? [transB ? "op(B) = Bᵀ with B stored" : "B", transB ? n : k, transB ? k : n]
        : ["C", m, n];
  const length = params[name].length;
  return new GemmArgumentError(
    name,
    `${name} has ${length} elements, but ${shape} ${rows}×${cols} needs ${rows * cols}`,
  );
}

/** Whether the first `xLength` elements of x share bytes with the first `yLength` of y. */
export function overlaps(
  x: Float32Array,
  xLength: number,
  y: Float32Array,
  yLength: number,
): boolean {
  if (x.buffer !== y.buffer || xLength === 0 || yLength === 0) return false;
  const xStart = x.byteOffset;
  const yStart = y.byteOffset;
  return xStart < yStart + 4 * yLength && yStart < xStart + 4 * xLength;
}
