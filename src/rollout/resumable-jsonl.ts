import { closeSync, existsSync, ftruncateSync, openSync, readFileSync } from "node:fs";

/**
 * Prepares an append-only JSONL output for resuming: returns the `id`s of the complete records
 * already there and cuts a torn last line (a crash mid-write) so appending starts clean.
 */
export function prepareResumableJsonl(file: string, idField = "id"): Set<string> {
  const done = new Set<string>();
  if (!existsSync(file)) return done;
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
  for (const line of text.slice(0, end).split("\n")) {
    if (line.trim() === "") continue;
    try {
      const id = (JSON.parse(line) as Record<string, unknown>)[idField];
      if (typeof id === "string") done.add(id);
    } catch {
      // A complete but unreadable line is left for the reader to report with its line number.
    }
  }
  return done;
}
