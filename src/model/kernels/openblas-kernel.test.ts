import { createRequire } from "node:module";
import { expect, it } from "vitest";
import { defaultAddonPath } from "./load-kernel.js";
import { loadOpenblasKernel } from "./openblas-kernel.js";
import { describeKernelConformance } from "./test-helpers/kernel-conformance.js";
import { attempt, describeLoaded } from "./test-helpers/kernels-under-test.js";

const addonPath = defaultAddonPath("toolgym_blas");
const kase = attempt("openblas", "2 threads", () => loadOpenblasKernel({ addonPath, threads: 2 }));

describeLoaded(kase, "openblas kernel", (kernel) => describeKernelConformance(kernel));

describeLoaded(kase, "the OpenBLAS addon called directly", () => {
  const addon = createRequire(import.meta.url)(addonPath);

  it("rejects a buffer too short for its shape with a RangeError naming it", () => {
    const a = new Float32Array(16);
    const c = new Float32Array(16);
    expect(() => addon.sgemm(a, new Float32Array(15), c, 4, 4, 4, false, false, 1, 0)).toThrow(
      /b has 15 elements, but B 4×4 needs 16/,
    );
    expect(() => addon.sgemm(new Float32Array(11), a, c, 3, 4, 4, true, false, 1, 0)).toThrow(
      /a has 11 elements, but op\(A\) = Aᵀ with A stored 4×3 needs 12/,
    );
    expect(() => addon.sgemm(a, a, c.subarray(1), 4, 4, 4, false, false, 1, 0)).toThrow(RangeError);
  });

  it("rejects other typed arrays, negative and fractional dimensions", () => {
    const x = new Float32Array(4);
    expect(() => addon.sgemm(new Float64Array(4), x, x, 2, 2, 1, false, false, 1, 0)).toThrow(
      /a must be a Float32Array/,
    );
    expect(() => addon.sgemm(x, x, x, -1, 2, 1, false, false, 1, 0)).toThrow(
      /m must be an integer/,
    );
    expect(() => addon.sgemm(x, x, x, 2, 2, 0.5, false, false, 1, 0)).toThrow(
      /k must be an integer/,
    );
  });

  it("honours byte offsets of subarray views", () => {
    const buffer = new Float32Array([9, 1, 2, 3, 4, 9, 5, 6, 9, 0, 0]);
    const a = buffer.subarray(1, 5); // [[1, 2], [3, 4]]
    const b = buffer.subarray(6, 8); // [[5], [6]]
    const c = buffer.subarray(9, 11);
    addon.sgemm(a, b, c, 2, 1, 2, false, false, 1, 0);
    expect(Array.from(buffer)).toEqual([9, 1, 2, 3, 4, 9, 5, 6, 9, 17, 39]);
  });
});
