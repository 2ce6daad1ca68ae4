import { join } from "node:path";
import { packageRoot } from "./package-root.js";

/**
 * Where a data set lives by default: `../shared/data/<name>` next to the package root, the
 * layout of the shared data checkout. Every loader takes a `dataDir` option to point elsewhere.
 *
 * @example
 * defaultDataDir("bfcl") // "/work/shared/data/bfcl" when the package is /work/main
 */
export function defaultDataDir(name: string): string {
  return join(packageRoot(), "..", "shared", "data", name);
}
