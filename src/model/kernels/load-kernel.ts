import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageDirectorySync } from "package-directory";
import type { MatmulKernel } from "./kernel.js";
import { KernelUnavailableError } from "./kernel-unavailable-error.js";
import { loadNativeKernel, type NativeIsa, type NativeKernel } from "./native-kernel.js";
import { openblasCoretype } from "./openblas-coretype.js";
import { type LoadOpenblasOptions, loadOpenblasKernel } from "./openblas-kernel.js";
import { portableKernel } from "./portable-kernel.js";
import { loadWasmKernel } from "./wasm-kernel.js";

export const KERNEL_NAMES = ["portable", "wasm", "native", "openblas"] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

export interface LoadKernelOptions {
  /**
   * Which implementation: "auto" picks the first that loads of native (toolgym's own SIMD SGEMM
   * in C, no library; where it has SIMD micro-kernels for the CPU), openblas, wasm (SIMD),
   * portable (plain TypeScript). Native comes before OpenBLAS: as fast on an idle machine, and
   * several times faster on a busy one, where OpenBLAS's threads spin and yield waiting for each
   * other (measured by bench:engine: sampling 13,071 tokens/s against 1,700 at a load of 11 on
   * two cores).
   * Default: the TOOLGYM_KERNEL environment variable, else "auto".
   */
  readonly kernel?: KernelName | "auto";
  /** Where TOOLGYM_KERNEL and the OPENBLAS_* settings are read; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The built OpenBLAS addon; default native/build/Release/toolgym_blas.node in the package. */
  readonly addonPath?: string;
  /** The built native addon; default native/build/Release/toolgym_gemm.node in the package. */
  readonly nativeAddonPath?: string;
  /** The native kernel's micro-kernels; default the fastest this CPU runs. */
  readonly nativeIsa?: NativeIsa;
  /**
   * Threads per product. Default: OPENBLAS_NUM_THREADS for openblas if set, else 2 (the
   * built-in model is sized for two cores), never more than the machine has.
   */
  readonly threads?: number;
}

/** Choices already made, so every model in the process shares one kernel and one dlopen. */
const cache = new Map<string, MatmulKernel | KernelUnavailableError>();

/**
 * The matrix kernel to use. With "auto", a missing or broken native addon silently means the
 * next fastest kernel; asking for one by name that cannot load throws `KernelUnavailableError`
 * instead, saying how to get it.
 *
 * OpenBLAS settings, read from `env` when the addon first loads: OPENBLAS_NUM_THREADS (default
 * 2: the built-in model targets two cores, and more threads only add overhead on its small
 * products) and OPENBLAS_CORETYPE (default SkylakeX on CPUs with AVX-512, see
 * openblas-coretype.ts). The native and wasm kernels run `threads` threads (the wasm kernel's
 * worker threads help with large products only).
 */
export function loadKernel(options: LoadKernelOptions = {}): MatmulKernel {
  const {
    env = process.env,
    addonPath = defaultAddonPath("toolgym_blas"),
    nativeAddonPath = defaultAddonPath("toolgym_gemm"),
  } = options;
  const choice = options.kernel ?? parseKernelName(env.TOOLGYM_KERNEL);
  const threads = Math.min(options.threads ?? 2, availableParallelism());
  if (choice === "portable") return portableKernel;
  if (choice === "native" || choice === "auto") {
    const isa = options.nativeIsa;
    const native = cached(`native:${nativeAddonPath}:${threads}:${isa}`, () =>
      loadNativeKernel({ addonPath: nativeAddonPath, threads, isa }),
    );
    if (native instanceof KernelUnavailableError) {
      if (choice === "native") throw native;
    } else if (choice === "native" || (native as NativeKernel).isa !== "generic") {
      // Without SIMD micro-kernels for this CPU (not x86 with AVX2), native runs portable C at
      // about 8 GFLOP/s a thread, a quarter of wasm's SIMD: "auto" moves on to wasm then.
      return native;
    }
  }
  if (choice === "openblas" || choice === "auto") {
    const openblas = cached(`openblas:${addonPath}:${options.threads}`, () =>
      loadOpenblasKernel(openblasOptions(addonPath, env, options.threads)),
    );
    if (!(openblas instanceof KernelUnavailableError)) return openblas;
    if (choice === "openblas") throw openblas;
  }
  const wasm = cached(`wasm:${threads}`, () => loadWasmKernel({ threads }));
  if (!(wasm instanceof KernelUnavailableError)) return wasm;
  if (choice === "wasm") throw wasm;
  return portableKernel;
}

/** Loads once per key; a `KernelUnavailableError` is remembered like a kernel. */
function cached(key: string, load: () => MatmulKernel): MatmulKernel | KernelUnavailableError {
  let loaded = cache.get(key);
  if (loaded === undefined) {
    try {
      loaded = load();
    } catch (error) {
      if (!(error instanceof KernelUnavailableError)) throw error;
      loaded = error;
    }
    cache.set(key, loaded);
  }
  return loaded;
}

function openblasOptions(
  addonPath: string,
  env: Readonly<Record<string, string | undefined>>,
  threads: number | undefined,
): LoadOpenblasOptions {
  return {
    addonPath,
    // Unset means OpenBLAS reads OPENBLAS_NUM_THREADS itself, or would use every core.
    threads: threads ?? (env.OPENBLAS_NUM_THREADS === undefined ? 2 : undefined),
    coretype: env.OPENBLAS_CORETYPE === undefined ? defaultCoretype() : undefined,
  };
}

function parseKernelName(value: string | undefined): KernelName | "auto" {
  if (value === undefined || value === "" || value === "auto") return "auto";
  if ((KERNEL_NAMES as readonly string[]).includes(value)) return value as KernelName;
  throw new KernelUnavailableError(
    value,
    "TOOLGYM_KERNEL names no kernel",
    `Valid values: auto, ${KERNEL_NAMES.join(", ")}.`,
  );
}

function defaultCoretype(): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    return openblasCoretype(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return undefined; // no /proc (a sandbox): keep OpenBLAS's own detection
  }
}

/**
 * One line naming the matrix kernel and how it runs, for the logs of `train`, `demo` and the
 * benchmarks: e.g. "native (avx512, 2 threads)", "openblas (OpenBLAS 0.3.21 SkylakeX, 2
 * threads)", "wasm (2 threads)", "portable". Without a kernel, describes the one loadKernel
 * picks with `options` (by default what the model would use).
 */
export function describeKernel(kernel?: MatmulKernel, options?: LoadKernelOptions): string {
  const chosen = kernel ?? loadKernel(options);
  return chosen.detail === undefined ? chosen.name : `${chosen.name} (${chosen.detail})`;
}

/**
 * Where scripts/build-native.mjs puts a native addon: native/build/Release/<name>.node under the
 * package root (name: "toolgym_gemm", the library-free kernel, or "toolgym_blas", OpenBLAS).
 * The root is the nearest package.json above this file, toolgym's own whether it runs from
 * src/, dist/ or an installed copy in node_modules/toolgym.
 */
export function defaultAddonPath(name: "toolgym_gemm" | "toolgym_blas" = "toolgym_blas"): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = packageDirectorySync({ cwd: here }) ?? join(here, "..", "..", "..");
  return join(root, "native", "build", "Release", `${name}.node`);
}
