import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { KernelUnavailableError } from "./kernel-unavailable-error.js";
import { defaultAddonPath } from "./load-kernel.js";
import { loadNativeKernel, NATIVE_ISAS, type NativeKernel, nativeIsas } from "./native-kernel.js";
import { describeKernelConformance } from "./test-helpers/kernel-conformance.js";
import { attempt, describeLoaded } from "./test-helpers/kernels-under-test.js";

const addonPath = defaultAddonPath("toolgym_gemm");

// Every micro-kernel set on one thread and on two: the CPU's best set is "native" (CI expects
// it), the others skip where the CPU lacks them. Conformance shapes from 64³ multiply-adds up
// are split over the two threads.
for (const isa of NATIVE_ISAS) {
  for (const threads of [1, 2]) {
    const name = isa === nativeIsas(addonPath)[0] || isa === "generic" ? "native" : `native-${isa}`;
    const label = `${isa}, ${threads} thread${threads === 1 ? "" : "s"}`;
    const kase = attempt(name, label, () => loadNativeKernel({ addonPath, isa, threads }));
    describeLoaded(kase, "native kernel", (kernel: NativeKernel) => {
      describeKernelConformance(kernel, label);
      it("reports what it runs", () => {
        expect(kernel).toMatchObject({ name: "native", isa, threads, detail: label });
      });
    });
  }
}

const loaded = attempt("native", "default settings", () => loadNativeKernel({ addonPath }));

describeLoaded(loaded, "the native addon", (kernel) => {
  const addon = createRequire(import.meta.url)(addonPath);

  it("runs the fastest micro-kernels this CPU has by default, on one thread", () => {
    const isas = nativeIsas(addonPath);
    expect(isas.at(-1)).toBe("generic");
    expect(kernel.isa).toBe(isas[0]);
    expect(kernel.threads).toBe(1);
    const flags = cpuFlags();
    if (flags !== undefined) {
      expect(isas.includes("avx512")).toBe(flags.has("avx512f"));
      expect(isas.includes("avx2")).toBe(flags.has("avx2") && flags.has("fma"));
    }
  });

  it("rejects a buffer too short for its shape with a RangeError naming it", () => {
    const a = new Float32Array(16);
    const c = new Float32Array(16);
    const call = (x: Float32Array, y: Float32Array, z: Float32Array, m: number, tA: boolean) =>
      addon.sgemm(x, y, z, m, 4, 4, tA, false, 1, 0, 0, 1);
    expect(() => call(a, new Float32Array(15), c, 4, false)).toThrow(
      /b has 15 elements, but B 4×4 needs 16/,
    );
    expect(() => call(new Float32Array(11), a, c, 3, true)).toThrow(
      /a has 11 elements, but op\(A\) = Aᵀ with A stored 4×3 needs 12/,
    );
    expect(() => call(a, a, c.subarray(1), 4, false)).toThrow(RangeError);
  });

  it("rejects other typed arrays, bad dimensions, micro-kernels and thread counts", () => {
    const x = new Float32Array(4);
    const call =
      (...args: unknown[]) =>
      () =>
        addon.sgemm(...args);
    expect(call(new Float64Array(4), x, x, 2, 2, 1, false, false, 1, 0, 0, 1)).toThrow(
      /a must be a Float32Array/,
    );
    expect(call(x, x, x, -1, 2, 1, false, false, 1, 0, 0, 1)).toThrow(/m must be an integer/);
    expect(call(x, x, x, 2, 2, 0.5, false, false, 1, 0, 0, 1)).toThrow(/k must be an integer/);
    expect(call(x, x, x, 2, 2, 1, false, false, 1, 0)).toThrow(/expected 12 arguments/);
    expect(call(x, x, x, 2, 2, 1, false, false, 1, 0, 7, 1)).toThrow(/isa must index/);
    expect(call(x, x, x, 2, 2, 1, false, false, 1, 0, 0, 0)).toThrow(/threads be from 1 to 64/);
    expect(() => loadNativeKernel({ addonPath, threads: 65 })).toThrow(/from 1 to 64/);
  });

  it("checks a batch's count and strides itself, and scales every C when k is 0", () => {
    const x = new Float32Array(16);
    const batch = (c: Float32Array, count: number, strideC: number, k = 2) =>
      addon.sgemmBatch(x, x, c, 2, 2, k, false, false, 1, 0.5, count, 4, 4, strideC, 0, 2);
    expect(() => batch(new Float32Array(16), 3, 3)).toThrow(/strideC must be at least m·n/);
    expect(() => batch(new Float32Array(11), 3, 4)).toThrow(
      /c has 11 elements, but 3 products 4 apart need 12/,
    );
    expect(() => batch(x.slice(), -1, 4)).toThrow(/count must be an integer/);
    const c = new Float32Array(12).fill(2);
    batch(c, 2, 6, 0);
    expect(Array.from(c)).toEqual([1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 2, 2]);
  });

  it("honours byte offsets of subarray views", () => {
    const buffer = new Float32Array([9, 1, 2, 3, 4, 9, 5, 6, 9, 0, 0]);
    const a = buffer.subarray(1, 5); // [[1, 2], [3, 4]]
    const b = buffer.subarray(6, 8); // [[5], [6]]
    const c = buffer.subarray(9, 11);
    addon.sgemm(a, b, c, 2, 1, 2, false, false, 1, 0, 0, 1);
    expect(Array.from(buffer)).toEqual([9, 1, 2, 3, 4, 9, 5, 6, 9, 17, 39]);
  });

  it("gives bit-identical products on one thread and on two", () => {
    // A product split into chunks that either thread may take: each element of C must be
    // computed the same way whoever takes it, or training would depend on the scheduler.
    const two = loadNativeKernel({ addonPath, threads: 2 });
    const [m, n, k] = [300, 420, 260];
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
    const c1 = new Float32Array(m * n);
    const c2 = new Float32Array(m * n);
    for (let round = 0; round < 5; round++) {
      kernel.sgemm({ a, b, c: c1, m, n, k, beta: 0.5, transB: round % 2 === 1 });
      two.sgemm({ a, b, c: c2, m, n, k, beta: 0.5, transB: round % 2 === 1 });
    }
    expect(Buffer.from(c2.buffer).equals(Buffer.from(c1.buffer))).toBe(true);
  });

  it("throws KernelUnavailableError for micro-kernels this CPU lacks, naming what it has", () => {
    const lacking = NATIVE_ISAS.find((isa) => !nativeIsas(addonPath).includes(isa));
    if (lacking === undefined) return; // this CPU runs every set (checked above against its flags)
    expect(() => loadNativeKernel({ addonPath, isa: lacking })).toThrow(KernelUnavailableError);
    expect(() => loadNativeKernel({ addonPath, isa: lacking })).toThrow(/it runs: .*generic/);
  });
});

describe("loadNativeKernel without the addon", () => {
  it("throws KernelUnavailableError saying how to build it", () => {
    const missing = "/nonexistent/toolgym_gemm.node";
    expect(() => loadNativeKernel({ addonPath: missing })).toThrow(KernelUnavailableError);
    expect(() => loadNativeKernel({ addonPath: missing })).toThrow(
      /not built.*C compiler.*npm run build:native/,
    );
    expect(nativeIsas(missing)).toEqual([]);
  });
});

/** The CPU's feature flags from /proc/cpuinfo (Linux x86), else undefined. */
function cpuFlags(): Set<string> | undefined {
  if (process.arch !== "x64") return undefined;
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("flags"));
    return line === undefined ? undefined : new Set(line.slice(line.indexOf(":") + 1).split(/\s+/));
  } catch {
    return undefined; // no /proc (another OS, a sandbox)
  }
}
