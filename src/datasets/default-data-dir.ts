import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageDirectorySync } from "package-directory";
import { ToolgymError } from "../core/index.js";

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

/**
 * The directory of toolgym's package.json: the nearest one above this module, which is the
 * package's own whether the code runs from `src/` (tests, tsx), from `dist/` (the built CLI) or
 * from an installed copy in `node_modules/toolgym`.
 *
 * @throws ToolgymError when no package.json is above this module (the package is not whole)
 */
export function packageRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  const root = packageDirectorySync({ cwd: start });
  if (root === undefined) {
    throw new ToolgymError(`no package.json above ${start}: is the package installed whole?`);
  }
  return root;
}
