import { readFileSync } from "node:fs";
import { defaultAddonPath } from "./default-addon-path.js";
import type { MatmulKernel } from "./kernel.js";
import { KernelUnavailableError } from "./kernel-unavailable-error.js";
import { openblasCoretype } from "./openblas-coretype.js";
import { loadOpenblasKernel } from "./openblas-kernel.js";
import { portableKernel } from "./portable-kernel.js";

export const KERNEL_NAMES = ["portable", "openblas"] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

export interface LoadKernelOptions {
  /**
   * Which implementation: "auto" picks the fastest that loads (openblas, else portable).
   * Default: the TOOLGYM_KERNEL environment variable, else "auto".
   */
  readonly kernel?: KernelName | "auto";
  /** Where TOOLGYM_KERNEL and the OPENBLAS_* settings are read; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The built addon; default native/build/Release/toolgym_blas.node in the package. */
  readonly addonPath?: string;
}

/** Choices already made, so every model in the process shares one kernel and one dlopen. */
const cache = new Map<string, MatmulKernel | KernelUnavailableError>();

/**
 * The matrix kernel to use. With "auto", a missing or broken native addon silently means the
 * portable kernel; asking for "openblas" by name throws `KernelUnavailableError` instead,
 * with how to install it.
 *
 * OpenBLAS settings, read from `env` when the addon first loads: OPENBLAS_NUM_THREADS (default
 * 2: the built-in model targets two cores, and more threads only add overhead on its small
 * products) and OPENBLAS_CORETYPE (default SkylakeX on CPUs with AVX-512, see
 * openblas-coretype.ts).
 */
export function loadKernel(options: LoadKernelOptions = {}): MatmulKernel {
  const { env = process.env, addonPath = defaultAddonPath() } = options;
  const choice = options.kernel ?? parseKernelName(env.TOOLGYM_KERNEL);
  if (choice === "portable") return portableKernel;
  const key = `openblas:${addonPath}`;
  let loaded = cache.get(key);
  if (loaded === undefined) {
    loaded = tryLoadOpenblas(addonPath, env);
    cache.set(key, loaded);
  }
  if (!(loaded instanceof KernelUnavailableError)) return loaded;
  if (choice === "openblas") throw loaded;
  return portableKernel;
}

function tryLoadOpenblas(
  addonPath: string,
  env: Readonly<Record<string, string | undefined>>,
): MatmulKernel | KernelUnavailableError {
  const threads = env.OPENBLAS_NUM_THREADS === undefined ? 2 : undefined;
  const coretype = env.OPENBLAS_CORETYPE === undefined ? defaultCoretype() : undefined;
  try {
    return loadOpenblasKernel({ addonPath, threads, coretype });
  } catch (error) {
    if (error instanceof KernelUnavailableError) return error;
    throw error;
  }
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
