import { checkGemmParams } from "./check-gemm-params.js";
import type { MatmulKernel } from "./kernel.js";
import { KernelUnavailableError } from "./kernel-unavailable-error.js";
import {
  type AddonCachedAttentionArgs,
  type AddonSgemmArgs,
  type AddonSgemmBatchArgs,
  addonSgemmBatchArgs,
  loadAddon,
} from "./load-addon.js";

/** The micro-kernel sets native/src/gemm.c has, fastest first. */
export const NATIVE_ISAS = ["avx512", "avx2", "generic"] as const;
export type NativeIsa = (typeof NATIVE_ISAS)[number];

/** The library-free native kernel, with the micro-kernels and threads it runs. */
export interface NativeKernel extends MatmulKernel {
  readonly name: "native";
  /** The SIMD micro-kernels in use: "avx512", "avx2" or "generic" (portable C). */
  readonly isa: NativeIsa;
  /** Threads per product, the caller's included. */
  readonly threads: number;
}

export interface LoadNativeOptions {
  /** Path of the built addon (native/build/Release/toolgym_gemm.node). */
  readonly addonPath: string;
  /** Threads per product, the caller's included (default 1). */
  readonly threads?: number;
  /**
   * Micro-kernels to run; default the fastest this CPU has. Naming one the CPU lacks throws
   * `KernelUnavailableError` (tests run each one the CPU has).
   */
  readonly isa?: NativeIsa;
}

/** What native/src/toolgym_gemm.c exports. */
interface GemmAddon {
  /** `isa` indexes info().isas; `threads` counts the caller. */
  sgemm(...args: [...AddonSgemmArgs, isa: number, threads: number]): void;
  sgemmBatch(...args: [...AddonSgemmBatchArgs, isa: number, threads: number]): void;
  cachedAttention(...args: AddonCachedAttentionArgs): void;
  info(): { isas: NativeIsa[]; maxThreads: number };
}

export const NATIVE_REMEDY =
  "It needs only a C compiler and Python 3 for node-gyp (Debian/Ubuntu: apt-get install " +
  "build-essential python3); build it with `npm rebuild toolgym` (in a toolgym checkout: " +
  "`npm run build:native`), see native/README.md. Or leave TOOLGYM_KERNEL unset to use the " +
  "fastest kernel that loads.";

/** The micro-kernel sets this machine runs, fastest first; none when the addon does not load. */
export function nativeIsas(addonPath: string): readonly NativeIsa[] {
  try {
    return loadAddon<GemmAddon>("native", addonPath, NATIVE_REMEDY).info().isas;
  } catch (error) {
    if (error instanceof KernelUnavailableError) return [];
    throw error;
  }
}

/**
 * Loads toolgym's own SGEMM addon (native/src/gemm.c: blocked, SIMD, threaded; no BLAS) and
 * wraps it as a MatmulKernel; throws `KernelUnavailableError` (saying why and how to fix it)
 * when it was not built, does not load, or lacks the asked-for micro-kernels.
 */
export function loadNativeKernel(options: LoadNativeOptions): NativeKernel {
  const { addonPath, threads = 1 } = options;
  const addon = loadAddon<GemmAddon>("native", addonPath, NATIVE_REMEDY);
  const { isas, maxThreads } = addon.info();
  const isa = options.isa ?? isas[0];
  const isaIndex = isas.indexOf(isa);
  if (isaIndex < 0) {
    throw new KernelUnavailableError(
      "native",
      `this CPU does not run its ${isa} micro-kernels (it runs: ${isas.join(", ")})`,
      "Leave the micro-kernels to the default, the fastest this CPU runs.",
    );
  }
  if (!Number.isInteger(threads) || threads < 1 || threads > maxThreads) {
    throw new RangeError(`threads must be an integer from 1 to ${maxThreads}, got ${threads}`);
  }
  return {
    name: "native",
    detail: `${isa}, ${threads} thread${threads === 1 ? "" : "s"}`,
    isa,
    threads,
    sgemm(params) {
      // The addon checks lengths itself; this adds the overlap check and the same messages.
      checkGemmParams(params);
      const { a, b, c, m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = params;
      addon.sgemm(a, b, c, m, n, k, transA, transB, alpha, beta, isaIndex, threads);
    },
    sgemmBatch(params) {
      addon.sgemmBatch(...addonSgemmBatchArgs(params), isaIndex, threads);
    },
    cachedAttention({ out, qkv, kCache, vCache, seqs, positions, R, C, H, L }) {
      addon.cachedAttention(out, qkv, kCache, vCache, seqs, positions, R, C, H, L, threads);
    },
  };
}
