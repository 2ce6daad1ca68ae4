import { scaleInPlace } from "./portable-kernel.js";

/**
 * Moving C in and out of the wasm kernel's memory, where it is `rows` × `cols` with rows
 * `ldc` floats apart (cols rounded up to whole tiles). With `transposed`, the caller's C is the
 * transpose (cols × rows, row-major): the kernel computed Cᵀ = op(B)ᵀ · op(A)ᵀ.
 */
export interface CRegion {
  readonly heap: Float32Array;
  readonly offset: number;
  readonly rows: number;
  readonly cols: number;
  readonly ldc: number;
  readonly transposed: boolean;
}

/**
 * region = beta · C. Padding columns are left as they are: the tiles that write them are never
 * copied out. beta 0 writes zeros without reading C (which may hold NaN).
 */
export function copyCIn(c: Float32Array, beta: number, region: CRegion): void {
  const { heap, offset, rows, cols, ldc, transposed } = region;
  if (beta === 0) {
    heap.fill(0, offset, offset + rows * ldc);
  } else if (transposed) {
    for (let q = 0; q < cols; q++) {
      for (let r = 0; r < rows; r++) heap[offset + r * ldc + q] = beta * c[q * rows + r];
    }
  } else {
    if (cols === ldc) {
      heap.set(c.subarray(0, rows * cols), offset);
    } else {
      for (let r = 0; r < rows; r++)
        heap.set(c.subarray(r * cols, (r + 1) * cols), offset + r * ldc);
    }
    if (beta !== 1) scaleInPlace(heap.subarray(offset, offset + rows * ldc), rows * ldc, beta);
  }
}

/** C = region, without its padding. */
export function copyCOut(region: CRegion, c: Float32Array): void {
  const { heap, offset, rows, cols, ldc, transposed } = region;
  if (transposed) {
    for (let q = 0; q < cols; q++) {
      for (let r = 0; r < rows; r++) c[q * rows + r] = heap[offset + r * ldc + q];
    }
  } else if (cols === ldc) {
    c.set(heap.subarray(offset, offset + rows * cols));
  } else {
    for (let r = 0; r < rows; r++) {
      c.set(heap.subarray(offset + r * ldc, offset + r * ldc + cols), r * cols);
    }
  }
}
