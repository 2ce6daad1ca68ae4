import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The toolgym package's root directory, found by walking up from `start` to the package.json
 * named "toolgym". Works from src/ (tests run the .ts sources) and from dist/ (the published
 * build), whose depths differ from the root.
 */
export function findPackageRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && isToolgymManifest(manifest)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isToolgymManifest(path: string): boolean {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    return (
      typeof parsed === "object" && parsed !== null && "name" in parsed && parsed.name === "toolgym"
    );
  } catch {
    return false; // an unreadable or malformed package.json of some other package: keep walking
  }
}
