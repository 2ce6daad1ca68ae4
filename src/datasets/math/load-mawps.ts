import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import { DataFormatError, formatNumber, type MathProblem, ToolgymError } from "../../core/index.js";
import { defaultDataDir } from "../default-data-dir.js";
import { prefixToInfix } from "./prefix-to-infix.js";

export interface LoadMawpsOptions {
  /** Default `../shared/data/mawps-asdiv-a`. */
  readonly dataDir?: string;
  /** Default `train.csv`. */
  readonly file?: string;
  readonly limit?: number;
}

const numeric = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, "expected a number");

const MawpsRowSchema = z.object({
  Question: z.string().min(1),
  /** The values of number0, number1, … in order, space-separated. */
  Numbers: z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?( -?\d+(\.\d+)?)*$/, "expected numbers"),
  /** Prefix notation over number0… and constants. */
  Equation: z.string().min(1),
  Answer: numeric,
});

/**
 * Loads MAWPS + ASDiv-A in the SVAMP repository's CSV layout (`Question` with numbers masked
 * as `number0…`, their values in `Numbers`, a prefix `Equation`, `Answer`) as math problems:
 * the numbers written back into the question, the equation as an infix `formula` over them.
 * Ids are `mawps-<row>` (1-based data row).
 *
 * @throws DataFormatError naming the file, line and column of the first bad row
 *
 * @example
 * const problems = await loadMawps({ limit: 100 });
 * // { id: "mawps-1", question: "… Bryan has 56 books in each of his 9 bookshelves …",
 * //   answer: 504, formula: "56 * 9", source: "mawps-asdiv-a" }
 */
export async function loadMawps({
  dataDir = defaultDataDir("mawps-asdiv-a"),
  file = "train.csv",
  limit,
}: LoadMawpsOptions = {}): Promise<MathProblem[]> {
  const path = join(dataDir, file);
  if (!existsSync(path)) {
    throw new ToolgymError(`${path}: no such file (point dataDir at the MAWPS/ASDiv-A data)`);
  }
  const rows = readCsv(path, await readFile(path, "utf8"));
  const problems: MathProblem[] = [];
  for (const [n, { record, line }] of rows.entries()) {
    if (limit !== undefined && problems.length >= limit) break;
    const where = { file: path, line };
    const parsed = MawpsRowSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DataFormatError({
        ...where,
        field: issue?.path.map(String).join("."),
        reason: issue?.message ?? "does not match the schema",
      });
    }
    const { Question, Numbers, Equation, Answer } = parsed.data;
    const values = Numbers.split(" ").map((v) => formatNumber(Number(v)));
    const operandOf = (token: string): string | undefined => {
      const masked = /^number(\d+)$/.exec(token);
      if (masked) return values[Number(masked[1])];
      return /^-?\d+(\.\d+)?$/.test(token) ? formatNumber(Number(token)) : undefined;
    };
    const question = Question.replace(/number(\d+)/g, (masked, i: string) => {
      const value = values[Number(i)];
      if (value === undefined) {
        throw new DataFormatError({
          ...where,
          field: "Question",
          reason: `${masked} has no value`,
        });
      }
      return value;
    });
    const formula = prefixToInfix(Equation, operandOf);
    if (formula === undefined) {
      throw new DataFormatError({
        ...where,
        field: "Equation",
        reason: `cannot read "${Equation}"`,
      });
    }
    problems.push({
      id: `mawps-${n + 1}`,
      question: question.replace(/\s+([,.?!])/g, "$1").trim(),
      answer: Number(Answer),
      formula,
      source: "mawps-asdiv-a",
    });
  }
  return problems;
}

/**
 * The rows of a CSV file with a header line, as objects keyed by column, each with the line it
 * ends on (csv-parse's count; the line of a one-line row).
 *
 * @throws DataFormatError naming the file and line of malformed CSV
 */
function readCsv(file: string, text: string): { record: Record<string, string>; line: number }[] {
  try {
    const rows: { record: Record<string, string>; info: { lines: number } }[] = parse(text, {
      columns: true,
      info: true,
      skip_empty_lines: true,
      record_delimiter: ["\r\n", "\n", "\r"],
    });
    if (rows.length === 0 && text.trim() === "")
      throw new DataFormatError({ file, reason: "empty file" });
    return rows.map(({ record, info }) => ({ record, line: info.lines }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw new DataFormatError({
      file,
      ...(line === undefined ? {} : { line }),
      reason: error.message,
    });
  }
}
