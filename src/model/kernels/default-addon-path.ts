import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findPackageRoot } from "./find-package-root.js";

/**
 * Where scripts/build-native.mjs puts a native addon: native/build/Release/<name>.node under the
 * package root (name: "toolgym_gemm", the library-free kernel, or "toolgym_blas", OpenBLAS),
 * found from this file whether it runs from src/ or dist/.
 */
export function defaultAddonPath(name: "toolgym_gemm" | "toolgym_blas" = "toolgym_blas"): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = findPackageRoot(here) ?? join(here, "..", "..", "..");
  return join(root, "native", "build", "Release", `${name}.node`);
}
