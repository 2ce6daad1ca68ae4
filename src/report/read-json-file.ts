import { readFileSync } from "node:fs";
import type { z } from "zod";
import { DataFormatError, issuePath } from "../core/index.js";

/**
 * Reads a whole-file JSON document (metrics.json, config.json, bfcl-results.json) and validates
 * it. A syntax error names the file and the line it is on; a schema mismatch names the field.
 *
 * @throws DataFormatError
 */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  const text = readFileSync(file, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new DataFormatError({
      file,
      line: lineOfError(text, message),
      reason: `not valid JSON (${message})`,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DataFormatError({
      file,
      field: issuePath(parsed.error),
      reason: parsed.error.issues[0]?.message ?? "does not match the schema",
    });
  }
  return parsed.data;
}

/** The 1-based line of V8's "… at position N" (or of the end, for "Unexpected end"). */
function lineOfError(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message)?.[1];
  const offset =
    position !== undefined ? Number(position) : /end of/i.test(message) ? text.length : undefined;
  if (offset === undefined) return undefined;
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
