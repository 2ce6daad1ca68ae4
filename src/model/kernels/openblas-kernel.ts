import { existsSync } from "node:fs";
import { checkGemmParams } from "./check-gemm-params.js";
import type { MatmulKernel } from "./kernel.js";
import {
  type AddonCachedAttentionArgs,
  type AddonSgemmArgs,
  type AddonSgemmBatchArgs,
  addonSgemmBatchArgs,
  loadAddon,
} from "./load-addon.js";

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
  sgemm(...args: AddonSgemmArgs): void;
  sgemmBatch(...args: AddonSgemmBatchArgs): void;
  cachedAttention(...args: AddonCachedAttentionArgs): void;
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
  // Only for an addon that exists: a missing one must leave the environment as it was.
  if (coretype !== undefined && existsSync(addonPath)) process.env.OPENBLAS_CORETYPE = coretype;
  const addon = loadAddon<BlasAddon>("openblas", addonPath, OPENBLAS_REMEDY);
  if (threads !== undefined) addon.setThreads(threads);
  const info = addon.info();
  return {
    name: "openblas",
    detail: `OpenBLAS ${info.config.split(" ")[1] ?? ""} ${info.corename}, ${info.threads} thread${info.threads === 1 ? "" : "s"}`,
    corename: info.corename,
    config: info.config,
    threads: info.threads,
    sgemm(params) {
      // The addon checks lengths itself; this adds the overlap check and the same messages.
      checkGemmParams(params);
      const { a, b, c, m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = params;
      addon.sgemm(a, b, c, m, n, k, transA, transB, alpha, beta);
    },
    sgemmBatch(params) {
      addon.sgemmBatch(...addonSgemmBatchArgs(params));
    },
    cachedAttention({ out, qkv, kCache, vCache, seqs, positions, R, C, H, L }) {
      addon.cachedAttention(out, qkv, kCache, vCache, seqs, positions, R, C, H, L, info.threads);
    },
  };
}
