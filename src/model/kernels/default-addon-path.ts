import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findPackageRoot } from "./find-package-root.js";

/**
 * Where scripts/build-native.mjs puts the OpenBLAS addon: native/build/Release/toolgym_blas.node
 * under the package root, found from this file whether it runs from src/ or dist/.
 */
export function defaultAddonPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = findPackageRoot(here) ?? join(here, "..", "..", "..");
  return join(root, "native", "build", "Release", "toolgym_blas.node");
}
