import { describe, it } from "vitest";
import type { MatmulKernel } from "../kernel.js";
import { KernelUnavailableError } from "../kernel-unavailable-error.js";
import { defaultAddonPath } from "../load-kernel.js";
import { loadNativeKernel, NATIVE_ISAS } from "../native-kernel.js";
import { loadOpenblasKernel } from "../openblas-kernel.js";
import { portableKernel } from "../portable-kernel.js";
import { loadWasmKernel } from "../wasm-kernel.js";

/**
 * One kernel configuration a test suite runs under: the kernel, or why it cannot load here.
 * `kernel` names the implementation (as TOOLGYM_EXPECT_KERNELS lists it); `label` the variant.
 */
export type KernelUnderTest<K extends MatmulKernel = MatmulKernel> =
  | { readonly kernel: string; readonly label: string; readonly loaded: K }
  | { readonly kernel: string; readonly label: string; readonly unavailable: string };

/**
 * The kernels CI must load, from TOOLGYM_EXPECT_KERNELS (comma-separated, set by .ci/run): a
 * test suite for one of them fails when it does not load, instead of skipping.
 */
export function expectedKernels(env = process.env): ReadonlySet<string> {
  return new Set(
    (env.TOOLGYM_EXPECT_KERNELS ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name !== ""),
  );
}

/** `load()`, or why it throws `KernelUnavailableError`. */
export function attempt<K extends MatmulKernel>(
  kernel: string,
  label: string,
  load: () => K,
): KernelUnderTest<K> {
  try {
    return { kernel, label, loaded: load() };
  } catch (error) {
    if (!(error instanceof KernelUnavailableError)) throw error;
    return { kernel, label, unavailable: error.message };
  }
}

/**
 * Every kernel configuration of this package: portable; wasm on one and two threads; the native
 * addon with each micro-kernel set (the CPU's best on two threads, every set on one); OpenBLAS
 * on two threads. Each native set the CPU lacks is reported as unavailable, like a missing addon.
 */
export function kernelsUnderTest(): KernelUnderTest[] {
  const nativePath = defaultAddonPath("toolgym_gemm");
  const cases: KernelUnderTest[] = [
    { kernel: "portable", label: "portable", loaded: portableKernel },
    attempt("wasm", "wasm", () => loadWasmKernel()),
    attempt("wasm", "wasm on 2 threads", () => loadWasmKernel({ threads: 2, parallelMin: 1 })),
    attempt("native", "native on 2 threads", () =>
      loadNativeKernel({ addonPath: nativePath, threads: 2 }),
    ),
  ];
  for (const isa of NATIVE_ISAS) {
    cases.push(
      // "native" only for the portable C set, which every build has; a SIMD set the CPU lacks
      // skips even in CI, where the machine decides what it runs.
      attempt(isa === "generic" ? "native" : `native-${isa}`, `native ${isa}`, () =>
        loadNativeKernel({ addonPath: nativePath, isa }),
      ),
    );
  }
  cases.push(
    attempt("openblas", "openblas on 2 threads", () =>
      loadOpenblasKernel({ addonPath: defaultAddonPath("toolgym_blas"), threads: 2 }),
    ),
  );
  return cases;
}

/**
 * Defines `body(kernel)` in a describe block titled "`title` (<label>)" if the kernel loaded. One
 * that did not is a failing test when TOOLGYM_EXPECT_KERNELS lists its kernel (CI), else a
 * skipped one whose title says why.
 */
export function describeLoaded<K extends MatmulKernel>(
  kase: KernelUnderTest<K>,
  title: string,
  body: (kernel: K) => void,
): void {
  const name = `${title} (${kase.label})`;
  if ("loaded" in kase) {
    describe(name, () => body(kase.loaded));
  } else if (expectedKernels().has(kase.kernel)) {
    it(`${name}: the ${kase.kernel} kernel loads, as TOOLGYM_EXPECT_KERNELS requires`, () => {
      throw new Error(kase.unavailable);
    });
  } else {
    it.skip(`${name}: skipped, ${kase.unavailable}`, () => {});
  }
}

/**
 * `it(title, fn)` when `loads`; otherwise failing when TOOLGYM_EXPECT_KERNELS lists `kernel`
 * (CI), else skipped, its title saying so.
 */
export function itIfLoads(kernel: string, loads: boolean, title: string, fn: () => void): void {
  if (loads) it(title, fn);
  else if (expectedKernels().has(kernel)) {
    it(`${title}: the ${kernel} kernel loads, as TOOLGYM_EXPECT_KERNELS requires`, () => {
      throw new Error(`the ${kernel} kernel does not load; npm run build:native says why`);
    });
  } else it.skip(`${title}: skipped, the ${kernel} kernel does not load here`, fn);
}

/** describeLoaded for every kernel configuration of this package (kernelsUnderTest). */
export function describeEachKernel(title: string, body: (kernel: MatmulKernel) => void): void {
  for (const kase of kernelsUnderTest()) describeLoaded(kase, title, body);
}
