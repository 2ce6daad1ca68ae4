import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { FileWriteError } from "../errors/file-write-error.js";
import { type WriteSyncFn, writeAll } from "./write-all.js";

/**
 * Appends records to a JSONL file one whole line at a time. A write the system takes only in
 * part (a short write) is continued until the line is complete; a write that fails cuts the
 * file back to where the line began, so a failure leaves no partial line and a crash at most a
 * torn last one (resuming sets it aside, see rollout's `prepareResumableJsonl`).
 *
 * @throws FileWriteError naming the file and what to do, when it cannot be opened or written
 */
export class JsonlAppender {
  readonly file: string;
  private fd: number;
  /** Bytes in the file: where the next line starts. */
  private size: number;
  private readonly write: WriteSyncFn | undefined;

  /** `_internal.writeSync`: for tests, a write call that takes fewer bytes or fails. */
  constructor(file: string, _internal: { writeSync?: WriteSyncFn } = {}) {
    this.file = file;
    this.write = _internal.writeSync;
    try {
      mkdirSync(dirname(file), { recursive: true });
      this.fd = openSync(file, "a");
      this.size = fstatSync(this.fd).size;
    } catch (error) {
      throw new FileWriteError(file, error);
    }
  }

  append(record: unknown): void {
    const bytes = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
    try {
      writeAll(this.fd, bytes, this.write);
    } catch (error) {
      this.cutBack();
      throw new FileWriteError(this.file, error);
    }
    this.size += bytes.length;
  }

  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    try {
      fsyncSync(fd);
    } catch (error) {
      throw new FileWriteError(this.file, error);
    } finally {
      closeSync(fd);
    }
  }

  /** Removes what a failed write left of its line, so the file ends with a whole line. */
  private cutBack(): void {
    try {
      ftruncateSync(this.fd, this.size);
    } catch {
      // Then the file keeps a torn last line, which resuming sets aside.
    }
  }
}
