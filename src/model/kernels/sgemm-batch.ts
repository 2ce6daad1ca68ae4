import { checkGemmParams, overlaps } from "./check-gemm-params.js";
import { GemmArgumentError } from "./gemm-argument-error.js";
import type { GemmBatchParams, MatmulKernel } from "./kernel.js";

/**
 * `params.count` products of one shape (see `GemmBatchParams`): in one call where the kernel
 * has `sgemmBatch`, else as a loop of `sgemm` over views of the operands. Either way each item
 * is computed as `sgemm` computes it, so results do not depend on which path ran.
 */
export function sgemmBatch(kernel: MatmulKernel, params: GemmBatchParams): void {
  if (kernel.sgemmBatch !== undefined) {
    kernel.sgemmBatch(params);
    return;
  }
  checkBatchStrides(params);
  const { a, b, c, count, strideA, strideB, strideC, m, n, k } = params;
  const sizeA = m * k;
  const sizeB = k * n;
  const sizeC = m * n;
  for (let i = 0; i < count; i++) {
    kernel.sgemm({
      ...params,
      a: a.subarray(i * strideA, i * strideA + sizeA),
      b: b.subarray(i * strideB, i * strideB + sizeB),
      c: c.subarray(i * strideC, i * strideC + sizeC),
    });
  }
}

/**
 * Throws a `GemmArgumentError` unless the batch's count and strides are non-negative integers,
 * its items' C do not overlap one another, and every operand holds all `count` items. (Each
 * item's own shape and overlaps are `checkGemmParams`' to check.)
 */
export function checkBatchStrides(params: GemmBatchParams): void {
  const { a, b, c, m, n, k, count, strideA, strideB, strideC } = params;
  for (const [name, value] of [
    ["count", count],
    ["strideA", strideA],
    ["strideB", strideB],
    ["strideC", strideC],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
      throw new GemmArgumentError(name, `${name} must be an integer in [0, 2^31), got ${value}`);
    }
  }
  if (count > 1 && strideC < m * n) {
    throw new GemmArgumentError(
      "strideC",
      `strideC ${strideC} is less than m·n = ${m * n}: the products would share C`,
    );
  }
  if (count === 0) return;
  for (const [name, array, stride, size] of [
    ["a", a, strideA, m * k],
    ["b", b, strideB, k * n],
    ["c", c, strideC, m * n],
  ] as const) {
    const need = (count - 1) * stride + size;
    if (array.length < need) {
      throw new GemmArgumentError(
        name,
        `${name} has ${array.length} elements, but ${count} products ${stride} apart need ${need}`,
      );
    }
  }
}

/**
 * Everything `checkGemmParams` checks, for a whole batch: what the native kernels' `sgemmBatch`
 * runs before handing the batch over (where an overlap would give silent garbage).
 */
export function checkGemmBatchParams(params: GemmBatchParams): void {
  checkGemmParams(params);
  checkBatchStrides(params);
  const { a, b, c, m, n, k, count, strideA, strideB, strideC } = params;
  if (count === 0) return;
  const spanC = (count - 1) * strideC + m * n;
  if (overlaps(c, spanC, a, (count - 1) * strideA + m * k)) {
    throw new GemmArgumentError("c", "c overlaps a in memory");
  }
  if (overlaps(c, spanC, b, (count - 1) * strideB + k * n)) {
    throw new GemmArgumentError("c", "c overlaps b in memory");
  }
}
