import { closeSync, openSync, readSync } from "node:fs";

/** One line of a file, with where its bytes are. */
export interface TextLine {
  /**
   * The line's text without its "\n", or undefined when it cannot be one string (longer than
   * V8's ~512 MiB string limit): a reader reports such a line by number instead of crashing.
   */
  readonly text: string | undefined;
  /** 1-based line number. */
  readonly line: number;
  /** Byte offset of the line's first byte. */
  readonly start: number;
  /** Byte offset just past the line, its "\n" included when it has one. */
  readonly end: number;
  /** False for a last line without "\n" (a write that a crash tore). */
  readonly terminated: boolean;
}

/**
 * The lines of `file`, read `chunkBytes` at a time, so memory holds one chunk and one line
 * however large the file is. Synchronous, because toolgym's JSONL readers are (a rollout
 * resumes before its first episode starts); node's `readline` is async only and gives neither
 * byte offsets, which setting a torn or garbled line aside needs, nor "\n"-only line breaks.
 */
export function* readLines(
  file: string,
  { chunkBytes = 1 << 20 }: { chunkBytes?: number } = {},
): Generator<TextLine, void, undefined> {
  const fd = openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    // The start of the current line, carried over from earlier chunks.
    let pending: Buffer[] = [];
    let lineStart = 0;
    let position = 0;
    let line = 0;
    for (;;) {
      const size = readSync(fd, chunk, 0, chunkBytes, null);
      if (size === 0) break;
      const bytes = chunk.subarray(0, size);
      let from = 0;
      for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, from)) {
        line += 1;
        const end = position + nl + 1;
        yield {
          text: decode(pending, bytes.subarray(from, nl)),
          line,
          start: lineStart,
          end,
          terminated: true,
        };
        pending = [];
        lineStart = end;
        from = nl + 1;
      }
      // The chunk is reused: keep a copy of the unfinished line's bytes.
      if (from < size) pending.push(Buffer.from(bytes.subarray(from)));
      position += size;
    }
    if (pending.length > 0) {
      line += 1;
      yield { text: decode(pending), line, start: lineStart, end: position, terminated: false };
    }
  } finally {
    closeSync(fd);
  }
}

function decode(pending: readonly Buffer[], last?: Buffer): string | undefined {
  const parts = last === undefined ? pending : [...pending, last];
  try {
    return parts.length === 1 ? parts[0]!.toString("utf8") : Buffer.concat(parts).toString("utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_STRING_TOO_LONG") return undefined;
    throw error;
  }
}
