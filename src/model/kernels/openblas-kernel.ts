import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { checkGemmParams } from "./check-gemm-params.js";
import type { MatmulKernel } from "./kernel.js";
import { KernelUnavailableError } from "./kernel-unavailable-error.js";

/** The matrix kernel backed by OpenBLAS's cblas_sgemm, with what the library reports. */
export interface OpenblasKernel extends MatmulKernel {
  readonly name: "openblas";
  /** The CPU kernel set OpenBLAS runs, e.g. "SkylakeX" or "Haswell". */
  readonly corename: string;
  /** OpenBLAS's build configuration string, with its version. */
  readonly config: string;
  /** Threads OpenBLAS uses for one product. */
  readonly threads: number;
}

export interface LoadOpenblasOptions {
  /** Path of the built addon (native/build/Release/toolgym_blas.node). */
  readonly addonPath: string;
  /** OpenBLAS threads per product (OpenBLAS itself defaults to every core). */
  readonly threads?: number;
  /**
   * OPENBLAS_CORETYPE to force, e.g. "SkylakeX". It is written to process.env before the addon
   * loads, because OpenBLAS reads it once, when the shared library initialises; it has no
   * effect if this process loaded OpenBLAS earlier.
   */
  readonly coretype?: string;
}

/** What native/src/toolgym_blas.c exports. */
interface BlasAddon {
  sgemm(
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
  ): void;
  setThreads(threads: number): void;
  info(): { corename: string; config: string; threads: number };
}

export const OPENBLAS_REMEDY =
  "To get it: install OpenBLAS (Debian/Ubuntu: apt-get install libopenblas-dev), then build " +
  "the addon with `npm rebuild toolgym` (in a toolgym checkout: `npm run build:native`); see " +
  "native/README.md. Or leave TOOLGYM_KERNEL unset to use the fastest kernel that loads.";

/**
 * Loads the OpenBLAS addon and wraps it as a MatmulKernel; throws `KernelUnavailableError`
 * (saying why and how to fix it) when it was not built or its library is missing.
 */
export function loadOpenblasKernel(options: LoadOpenblasOptions): OpenblasKernel {
  const { addonPath, threads, coretype } = options;
  if (!existsSync(addonPath)) {
    throw new KernelUnavailableError(
      "openblas",
      `the native addon was not built (no ${addonPath})`,
      OPENBLAS_REMEDY,
    );
  }
  if (coretype !== undefined) process.env.OPENBLAS_CORETYPE = coretype;
  let addon: BlasAddon;
  try {
    addon = createRequire(import.meta.url)(addonPath) as BlasAddon;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new KernelUnavailableError(
      "openblas",
      `the native addon ${addonPath} failed to load (${detail})`,
      OPENBLAS_REMEDY,
    );
  }
  if (threads !== undefined) addon.setThreads(threads);
  const info = addon.info();
  return {
    name: "openblas",
    corename: info.corename,
    config: info.config,
    threads: info.threads,
    sgemm(params) {
      // The addon checks lengths itself; this adds the overlap check and the same messages.
      checkGemmParams(params);
      const { a, b, c, m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = params;
      addon.sgemm(a, b, c, m, n, k, transA, transB, alpha, beta);
    },
  };
}
