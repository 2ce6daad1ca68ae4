import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
} from "node:fs";
import { z } from "zod";
import { FileWriteError, issuePath, readLines, writeAll } from "../core/index.js";

/** A line of a resumable output that could not be kept, and why. */
export interface SetAsideLine {
  /** 1-based line number in the file as it was. */
  line: number;
  reason: string;
}

export interface ResumableJsonl {
  /** The ids of the complete, valid records: their work is done. */
  ids: Set<string>;
  /** Lines moved to `rejectedFile`: torn, not JSON, not a record, or a second copy of an id. */
  setAside: SetAsideLine[];
  /** `FILE.rejected`, where set-aside lines are appended as they were. */
  rejectedFile: string;
}

const IdRecordSchema = z.looseObject({ id: z.string() });

/**
 * Prepares an append-only JSONL output for resuming, reading it one line at a time (memory
 * stays flat in its size): returns the ids of the records already there, and sets aside every
 * line that is not one — a torn last line (a crash mid-write), a garbled or invalid line, a
 * second record with the same id — by moving it to `FILE.rejected`, so the file holds only
 * valid records, appending starts on a clean line, and the work of a set-aside line is done
 * again (its id is not among `ids`). The file is rewritten atomically when a line in its middle
 * goes; a torn last line alone is simply cut.
 *
 * @example
 * const { ids, setAside } = prepareResumableJsonl("run/trajectories.jsonl", { schema: TrajectorySchema });
 * @throws FileWriteError when the file cannot be rewritten
 */
export function prepareResumableJsonl(
  file: string,
  { schema = IdRecordSchema }: { schema?: z.ZodType<{ id: string }> } = {},
): ResumableJsonl {
  const rejectedFile = `${file}.rejected`;
  const ids = new Set<string>();
  const setAside: SetAsideLine[] = [];
  const ranges: { start: number; end: number }[] = [];
  if (!existsSync(file)) return { ids, setAside, rejectedFile };
  for (const { text, line, start, end, terminated } of readLines(file)) {
    if (terminated && text !== undefined && text.trim() === "") continue;
    const reason = terminated ? problemOf(text, schema, ids) : "torn: a write cut short";
    if (reason === undefined) continue;
    setAside.push({ line, reason });
    ranges.push({ start, end });
  }
  if (ranges.length > 0) moveAside(file, rejectedFile, ranges);
  return { ids, setAside, rejectedFile };
}

/** Why a complete line is not a record to keep, or undefined when it is one (then its id is added). */
function problemOf(
  text: string | undefined,
  schema: z.ZodType<{ id: string }>,
  ids: Set<string>,
): string | undefined {
  if (text === undefined) return "longer than the longest string (512 MiB)";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const field = issuePath(parsed.error);
    return `${field === "" ? "" : `field "${field}": `}${parsed.error.issues[0]?.message}`;
  }
  const { id } = parsed.data;
  if (ids.has(id)) return `a second record with id "${id}"`;
  ids.add(id);
  return undefined;
}

/** Appends `ranges` of `file` to `rejectedFile`, then removes them from `file`. */
function moveAside(
  file: string,
  rejectedFile: string,
  ranges: readonly { start: number; end: number }[],
): void {
  const input = openSync(file, "r+");
  try {
    withFile(rejectedFile, "a", (out) => {
      for (const { start, end } of ranges) {
        copyRange(input, out, start, end);
        // A torn line gets the line break it lacks, so the next one starts on its own line.
        const last = Buffer.alloc(1);
        readSync(input, last, 0, 1, end - 1);
        if (last[0] !== 10) writeAll(out, Buffer.from("\n"));
      }
    });
    const [only] = ranges;
    const size = fstatSync(input).size;
    if (ranges.length === 1 && only!.end === size) {
      ftruncateSync(input, only!.start);
      fsyncSync(input);
      return;
    }
    const temp = `${file}.tmp-${process.pid}`;
    try {
      withFile(temp, "w", (out) => {
        let from = 0;
        for (const { start, end } of ranges) {
          copyRange(input, out, from, start);
          from = end;
        }
        copyRange(input, out, from, size);
      });
      renameSync(temp, file);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  } catch (error) {
    throw error instanceof FileWriteError ? error : new FileWriteError(file, error);
  } finally {
    closeSync(input);
  }
}

function withFile(file: string, flags: "a" | "w", use: (fd: number) => void): void {
  const fd = openSync(file, flags);
  try {
    use(fd);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const CHUNK = 1 << 20;

function copyRange(input: number, out: number, start: number, end: number): void {
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (let at = start; at < end; ) {
    const n = readSync(input, buffer, 0, Math.min(CHUNK, end - at), at);
    if (n === 0) break;
    writeAll(out, buffer.subarray(0, n));
    at += n;
  }
}
