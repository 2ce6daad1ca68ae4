import { existsSync } from "node:fs";
import type { z } from "zod";
import { DataFormatError } from "../errors/data-format-error.js";
import { ToolgymError } from "../errors/toolgym-error.js";
import { readLines } from "./read-lines.js";

/** Dotted path of the first issue of a zod error, for messages such as `tools.0.function.name`. */
export function issuePath(error: z.ZodError): string {
  return error.issues[0]?.path.map(String).join(".") ?? "";
}

/** One record of a JSONL file and the 1-based line it is on. */
export interface JsonlLine<T> {
  readonly value: T;
  readonly line: number;
}

export interface ReadJsonlOptions {
  /** How a line's text becomes a value; default `JSON.parse` (BFCL's files want their own). */
  readonly parse?: (text: string) => unknown;
  /**
   * `throw` (default): the first line that is not JSON or does not fit the schema throws a
   * DataFormatError naming the file, the line and the field. `skip`: such lines are left out —
   * for files toolgym appends to itself, whose last line a crash may have torn.
   */
  readonly invalid?: "throw" | "skip";
  /** With `invalid: "skip"`: told of each line left out, with the error it would have thrown. */
  readonly onSkip?: (error: DataFormatError) => void;
  /** What to do about a missing file, said in its error (e.g. "pass the BFCL data folder"). */
  readonly hint?: string;
}

/**
 * toolgym's one JSONL reader: every non-blank line of `file`, parsed and validated against
 * `schema`, with its line number — one at a time, so memory stays flat in the file's size.
 *
 * @throws ToolgymError when the file does not exist; DataFormatError naming the file, line and
 *   field of the first bad record (unless `invalid: "skip"`)
 * @example
 * for (const { value, line } of iterateJsonlLines("t.jsonl", TrajectorySchema)) tally.add(value);
 */
export function* iterateJsonlLines<S extends z.ZodType>(
  file: string,
  schema: S,
  { parse = JSON.parse, invalid = "throw", onSkip, hint }: ReadJsonlOptions = {},
): Generator<JsonlLine<z.output<S>>, void, undefined> {
  if (!existsSync(file)) {
    throw new ToolgymError(`${file}: no such file${hint === undefined ? "" : `; ${hint}`}`);
  }
  for (const { text, line } of readLines(file)) {
    if (text !== undefined && text.trim() === "") continue;
    const error = (reason: string, field?: string) =>
      new DataFormatError({ file, line, reason, ...(field === undefined ? {} : { field }) });
    const parsed = text === undefined ? undefined : parseLine(text, parse, schema);
    if (parsed?.success) {
      yield { value: parsed.data, line };
      continue;
    }
    const bad =
      parsed === undefined
        ? error("the line is too long to read (over 512 MiB)")
        : "jsonError" in parsed
          ? error(`not valid JSON (${parsed.jsonError})`)
          : error(
              parsed.error.issues[0]?.message ?? "does not match the schema",
              issuePath(parsed.error),
            );
    if (invalid === "throw") throw bad;
    onSkip?.(bad);
  }
}

function parseLine<S extends z.ZodType>(
  text: string,
  parse: (text: string) => unknown,
  schema: S,
): z.ZodSafeParseResult<z.output<S>> | { success: false; jsonError: string } {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return { success: false, jsonError: (error as Error).message };
  }
  return schema.safeParse(value);
}

/**
 * Every record of a JSONL file at once (`iterateJsonlLines` collected), with its line number.
 *
 * @throws as `iterateJsonlLines`
 * @example
 * readJsonlLines("envs.jsonl", EnvironmentRecordSchema)[0] // { value: { id: "env-000001", … }, line: 1 }
 */
export function readJsonlLines<S extends z.ZodType>(
  file: string,
  schema: S,
  options: ReadJsonlOptions = {},
): JsonlLine<z.output<S>>[] {
  return [...iterateJsonlLines(file, schema, options)];
}

/**
 * The records of a JSONL file (`readJsonlLines` without the line numbers).
 *
 * @throws as `readJsonlLines`
 */
export async function readJsonl<S extends z.ZodType>(
  file: string,
  schema: S,
): Promise<z.output<S>[]> {
  return readJsonlLines(file, schema).map((record) => record.value);
}
