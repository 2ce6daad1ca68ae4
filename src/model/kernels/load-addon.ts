import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { GemmBatchParams } from "./kernel.js";
import { KernelUnavailableError } from "./kernel-unavailable-error.js";
import { checkGemmBatchParams } from "./sgemm-batch.js";

/** The positional arguments both addons' sgemm take first (native/src/sgemm_args.h). */
export type AddonSgemmArgs = [
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
];

/** sgemmBatch's: sgemm's, then the batch (see `GemmBatchParams`). */
export type AddonSgemmBatchArgs = [
  ...AddonSgemmArgs,
  count: number,
  strideA: number,
  strideB: number,
  strideC: number,
];

/** `params` as the addons' sgemmBatch takes them, checked (`checkGemmBatchParams`). */
export function addonSgemmBatchArgs(params: GemmBatchParams): AddonSgemmBatchArgs {
  checkGemmBatchParams(params);
  const { a, b, c, m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = params;
  const { count, strideA, strideB, strideC } = params;
  return [a, b, c, m, n, k, transA, transB, alpha, beta, count, strideA, strideB, strideC];
}

/** cachedAttention's (see `CachedAttentionParams`), then the threads to run on. */
export type AddonCachedAttentionArgs = [
  out: Float32Array,
  qkv: Float32Array,
  kCache: Float32Array,
  vCache: Float32Array,
  seqs: Int32Array,
  positions: Int32Array,
  R: number,
  C: number,
  H: number,
  L: number,
  threads: number,
];

/**
 * Loads a native addon built by scripts/build-native.mjs; throws `KernelUnavailableError` for
 * `kernel` (saying why, and `remedy`) when it was not built or does not load here.
 */
export function loadAddon<T>(kernel: string, addonPath: string, remedy: string): T {
  if (!existsSync(addonPath)) {
    throw new KernelUnavailableError(
      kernel,
      `the native addon was not built (no ${addonPath})`,
      remedy,
    );
  }
  try {
    return createRequire(import.meta.url)(addonPath) as T;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new KernelUnavailableError(
      kernel,
      `the native addon ${addonPath} failed to load (${detail})`,
      remedy,
    );
  }
}
