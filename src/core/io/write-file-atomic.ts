import { closeSync, fsyncSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import writeFileAtomicLib from "write-file-atomic";
import { FileWriteError } from "../errors/file-write-error.js";

/**
 * Writes a whole file so that readers see either the old or the new content, never a torn one.
 * write-file-atomic writes a temporary file beside it, fsyncs and renames it over (and removes
 * it if the process dies first); this adds what it leaves to its caller: the parent directory
 * is made, and fsynced after the rename so that the rename itself survives a crash.
 *
 * @throws FileWriteError naming the file and what to do (its temporary file is removed)
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomicLib.sync(
      file,
      typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    );
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new FileWriteError(file, error);
  }
}
