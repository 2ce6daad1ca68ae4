import { DataFormatError } from "../errors/data-format-error.js";
import { type EnvironmentRecord, EnvironmentRecordSchema } from "../records/environment-record.js";
import { iterateJsonlLines, type JsonlLine } from "./read-jsonl.js";

export interface EnvironmentFile {
  /** The valid environments, with the line each is on. */
  records: JsonlLine<EnvironmentRecord>[];
  /** Lines left out because they are not valid environments (none when `strict`). */
  invalid: DataFormatError[];
}

/**
 * The environments of a JSONL file. A line that is not a valid environment is left out and
 * reported in `invalid` (with `strict`, it throws instead), so one bad record does not stop a
 * run over thousands; two environments with the same id are always an error, because ids name
 * the trajectories and a resumed run would take one for the other.
 *
 * @throws ToolgymError when the file does not exist; DataFormatError naming the file, both
 *   lines and the id of a duplicate, or (with `strict`) the file, line and field of a bad record
 */
export function readEnvironments(
  file: string,
  { strict = false }: { strict?: boolean } = {},
): EnvironmentFile {
  const invalid: DataFormatError[] = [];
  const records: JsonlLine<EnvironmentRecord>[] = [];
  const lineOf = new Map<string, number>();
  const lines = iterateJsonlLines(file, EnvironmentRecordSchema, {
    invalid: strict ? "throw" : "skip",
    onSkip: (error) => invalid.push(error),
  });
  for (const record of lines) {
    const first = lineOf.get(record.value.id);
    if (first !== undefined) {
      throw new DataFormatError({
        file,
        line: record.line,
        field: "id",
        reason: `environment id "${record.value.id}" is also on line ${first}; ids must be unique (trajectory ids are made from them): rename or remove one of the two`,
      });
    }
    lineOf.set(record.value.id, record.line);
    records.push(record);
  }
  return { records, invalid };
}
