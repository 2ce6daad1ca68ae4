import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Appends records to a JSONL file one whole line per write, so a crash leaves at most one torn
 * last line (readers of resumable outputs skip it, see `readCompletedIds`).
 */
export class JsonlAppender {
  readonly file: string;
  private fd: number;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.file = file;
    this.fd = openSync(file, "a");
  }

  append(record: unknown): void {
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  close(): void {
    if (this.fd < 0) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
}
