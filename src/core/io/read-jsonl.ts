import { existsSync, readFileSync } from "node:fs";
import type { z } from "zod";
import { DataFormatError } from "../errors/data-format-error.js";
import { ToolgymError } from "../errors/toolgym-error.js";

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
  /** What to do about a missing file, said in its error (e.g. "pass the BFCL data folder"). */
  readonly hint?: string;
}

/**
 * toolgym's one JSONL reader: every non-blank line of `file`, parsed and validated against
 * `schema`, with its line number.
 *
 * @throws ToolgymError when the file does not exist; DataFormatError naming the file, line and
 *   field of the first bad record (unless `invalid: "skip"`)
 * @example
 * readJsonlLines("envs.jsonl", EnvironmentRecordSchema)[0] // { value: { id: "env-000001", … }, line: 1 }
 */
export function readJsonlLines<S extends z.ZodType>(
  file: string,
  schema: S,
  { parse = JSON.parse, invalid = "throw", hint }: ReadJsonlOptions = {},
): JsonlLine<z.output<S>>[] {
  if (!existsSync(file)) {
    throw new ToolgymError(`${file}: no such file${hint === undefined ? "" : `; ${hint}`}`);
  }
  const records: JsonlLine<z.output<S>>[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      if (text.trim() === "") return;
      const line = i + 1;
      let value: unknown;
      try {
        value = parse(text);
      } catch (error) {
        if (invalid === "skip") return;
        throw new DataFormatError({
          file,
          line,
          reason: `not valid JSON (${(error as Error).message})`,
        });
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) records.push({ value: parsed.data, line });
      else if (invalid === "throw") {
        throw new DataFormatError({
          file,
          line,
          field: issuePath(parsed.error),
          reason: parsed.error.issues[0]?.message ?? "does not match the schema",
        });
      }
    });
  return records;
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
