import { closeSync, existsSync, ftruncateSync, openSync, readFileSync } from "node:fs";
import { z } from "zod";
import { readJsonlLines } from "../core/index.js";

/**
 * Prepares an append-only JSONL output for resuming: returns the `id`s of the complete records
 * already there and cuts a torn last line (a crash mid-write) so appending starts clean. A
 * complete line that cannot be read is left for the reader to report with its line number.
 */
export function prepareResumableJsonl(file: string, idField = "id"): Set<string> {
  if (!existsSync(file)) return new Set();
  const text = readFileSync(file, "utf8");
  const end = text.lastIndexOf("\n") + 1;
  if (end < text.length) {
    const fd = openSync(file, "r+");
    try {
      ftruncateSync(fd, Buffer.byteLength(text.slice(0, end), "utf8"));
    } finally {
      closeSync(fd);
    }
  }
  const ids = readJsonlLines(file, z.looseObject({ [idField]: z.string() }), { invalid: "skip" });
  return new Set(ids.map(({ value }) => value[idField] as string));
}
