import { createReadStream, existsSync } from "node:fs";
import { createInterface } from "node:readline";
import type { z } from "zod";
import { DataFormatError } from "../errors/data-format-error.js";
import { ToolgymError } from "../errors/toolgym-error.js";

/** Dotted path of the first issue of a zod error, for messages such as `tools.0.function.name`. */
export function issuePath(error: z.ZodError): string {
  return error.issues[0]?.path.map(String).join(".") ?? "";
}

/**
 * Reads a JSONL file, validating every non-blank line against `schema`.
 * Throws a DataFormatError naming the file, the line and the field of the first bad record.
 */
export async function readJsonl<S extends z.ZodType>(
  file: string,
  schema: S,
): Promise<z.output<S>[]> {
  if (!existsSync(file)) throw new ToolgymError(`${file}: no such file`);
  const records: z.output<S>[] = [];
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    records.push(parseJsonlLine(text, schema, { file, line }));
  }
  return records;
}

/** Parses and validates one JSONL line; `where` goes into the error. */
export function parseJsonlLine<S extends z.ZodType>(
  text: string,
  schema: S,
  where: { file: string; line: number },
): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError({ ...where, reason: `not valid JSON (${(error as Error).message})` });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DataFormatError({
      ...where,
      field: issuePath(parsed.error),
      reason: parsed.error.issues[0]?.message ?? "does not match the schema",
    });
  }
  return parsed.data;
}
