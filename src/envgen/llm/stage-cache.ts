import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../../core/index.js";

/** What identifies one stage output: the same key means the same request, so the same answer. */
export interface StageCacheKey {
  model: string;
  stage: string;
  /** Bumped whenever a prompt's text changes, so old answers are not served for a new prompt. */
  promptVersion: string;
  input: unknown;
}

/** Validated stage outputs on disk, one JSON file each, so a rerun does not pay for them again. */
export interface StageCache {
  get(key: StageCacheKey): unknown;
  set(key: StageCacheKey, output: unknown): void;
}

const EntrySchema = z.object({ key: z.object({ stage: z.string() }).loose(), output: z.unknown() });

/**
 * A directory of `<stage>/<sha256>.json` files, each `{key, output}`, written atomically (a crash
 * leaves no half file). The hash is over the key's canonical JSON (object keys sorted), so key
 * order in the input does not matter. A file that does not parse is treated as a miss.
 */
export function createStageCache(options: { dir: string }): StageCache {
  const { dir } = options;
  const fileOf = (key: StageCacheKey) =>
    join(dir, safeName(key.stage), `${stageCacheHash(key)}.json`);
  return {
    get(key) {
      let text: string;
      try {
        text = readFileSync(fileOf(key), "utf8");
      } catch {
        return undefined;
      }
      const entry = EntrySchema.safeParse(safeJson(text));
      return entry.success ? entry.data.output : undefined;
    },
    set(key, output) {
      writeFileAtomic(fileOf(key), `${JSON.stringify({ key, output }, null, 2)}\n`);
    },
  };
}

/** sha256 (hex) of the key's canonical JSON. */
export function stageCacheHash(key: StageCacheKey): string {
  return createHash("sha256").update(canonicalJson(key)).digest("hex");
}

/** JSON with object keys sorted at every depth; undefined properties dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

function safeName(stage: string): string {
  return stage.replace(/[^A-Za-z0-9_-]/g, "_");
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
