import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ToolgymError } from "../core/index.js";

let cached: string | undefined;

/**
 * The directory of toolgym's package.json, found by walking up from this module, so the answer
 * is the same whether the code runs from `src/` (tests, tsx) or from `dist/` (the built CLI).
 */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && readName(manifest) === "toolgym") return (cached = dir);
    if (dirname(dir) === dir) break;
  }
  throw new ToolgymError(`no toolgym package.json above ${start}: is the package installed whole?`);
}

function readName(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}
