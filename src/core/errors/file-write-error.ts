import { ToolgymError } from "./toolgym-error.js";

/**
 * A file toolgym writes could not be written — no permission, a read-only or full disk, a path
 * through a file, a directory where a file should be. A machine or operator fault: the message
 * names the file and says what to do; `code` is the system's (`EACCES`, `ENOSPC`, …).
 */
export class FileWriteError extends ToolgymError {
  override readonly name = "FileWriteError";
  readonly file: string;
  readonly code: string | undefined;

  constructor(file: string, cause: unknown) {
    const code = (cause as { code?: unknown } | undefined)?.code;
    const errno = typeof code === "string" ? code : undefined;
    super(`${file}: cannot write (${errno ?? (cause as Error)?.message}): ${advice(errno)}`, {
      cause,
    });
    this.file = file;
    this.code = errno;
  }
}

/** What an operator can do about each way a write fails. */
function advice(code: string | undefined): string {
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "no permission to write there; choose a directory you can write to, or fix its permissions";
    case "EROFS":
      return "the file system is read-only; choose a writable directory";
    case "ENOSPC":
    case "EDQUOT":
      return "the disk is full; free some space and rerun the same command (finished work is kept)";
    case "EFBIG":
      return "the file reached the largest size allowed (ulimit -f or the file system's limit); raise it and rerun the same command";
    case "ENOTDIR":
    case "EEXIST":
      return "a part of the path is a file, not a directory; choose another path";
    case "EISDIR":
      return "that path is a directory; give a file path";
    default:
      return "check the path and the disk, then rerun the same command";
  }
}
