import { writeFileAtomic } from "../../core/index.js";

/**
 * Writes records as JSONL, one a line, atomically (the file is whole or untouched). Read them
 * back with core's `readJsonl(file, Schema)` and the data builders' schemas.
 */
export function writeJsonlRecords(file: string, records: readonly unknown[]): void {
  writeFileAtomic(file, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
}
