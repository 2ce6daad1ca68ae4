import { writeSync } from "node:fs";

/** The write call `writeAll` makes (`fs.writeSync`'s buffer form); tests pass one that writes less. */
export type WriteSyncFn = (
  fd: number,
  buffer: Uint8Array,
  offset: number,
  length: number,
) => number;

/**
 * Writes every byte of `bytes` to `fd`. `writeSync` may take fewer bytes than it is given (a
 * short write: a disk filling up, a file-size limit, a signal); the rest is written on.
 *
 * @throws the system's error when a write fails (ENOSPC, EFBIG, …), or ENOSPC when one takes nothing
 */
export function writeAll(fd: number, bytes: Uint8Array, write: WriteSyncFn = writeSync): void {
  for (let done = 0; done < bytes.length; ) {
    const n = write(fd, bytes, done, bytes.length - done);
    // A regular file takes 0 bytes of a non-empty write only when it can take no more.
    if (n <= 0) throw Object.assign(new Error("the write took no bytes"), { code: "ENOSPC" });
    done += n;
  }
}
