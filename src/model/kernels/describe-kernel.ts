import type { MatmulKernel } from "./kernel.js";
import { type LoadKernelOptions, loadKernel } from "./load-kernel.js";

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
