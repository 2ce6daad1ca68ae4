import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ConfigError, DataFormatError, formatNumber, type MathProblem } from "../../core/index.js";

export interface LoadSvampOptions {
  /** SVAMP's `SVAMP.json`: a JSON array of `{ID, Body, Question, Equation, Answer, Type}`. */
  readonly file: string;
}

/** SVAMP writes answers as numbers (`51.0`); a numeric string is read too. */
const number = z.preprocess(
  (v) => (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v),
  z.number({ error: "expected a number" }),
);

const SvampRecordSchema = z.object({
  ID: z.union([z.string().min(1), z.number().transform(String)]),
  Body: z.string(),
  Question: z.string().min(1),
  /** Infix over the problem's numbers, SVAMP's spacing: `( 8.0 - 3.0 )`. */
  Equation: z.string().min(1),
  Answer: number,
  Type: z.string().optional(),
});

/**
 * Loads SVAMP in its own repository's format — a JSON array of `{ID, Body, Question, Equation,
 * Answer, Type}` — as math problems: the question is `Body + " " + Question`, the formula the
 * equation with SVAMP's spacing tidied (`( 8.0 - 3.0 )` → `8 - 3`), the type SVAMP's `Type`
 * (`Subtraction`, `Common-Division`, …). Ids are SVAMP's (`chal-1`).
 *
 * @throws ConfigError when the file is missing
 * @throws DataFormatError naming the file (and line of a JSON syntax error), the record (its
 *   position and ID) and the field of the first bad record, or an ID given twice
 *
 * @example
 * const { problems } = await loadSvamp({ file: "SVAMP.json" });
 * // { id: "chal-1", question: "Each pack of dvds costs 76 dollars. … How much do you have to pay to buy each pack?",
 * //   answer: 51, formula: "76 - 25", type: "Subtraction", source: "svamp" }
 */
export async function loadSvamp({ file }: LoadSvampOptions): Promise<MathProblem[]> {
  if (!existsSync(file)) {
    throw new ConfigError(
      "--data",
      `${file}: no such file (SVAMP's SVAMP.json, a JSON array of {ID, Body, Question, Equation, Answer, Type})`,
    );
  }
  const text = await readFile(file, "utf8");
  let records: unknown;
  try {
    records = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line =
      position === null ? undefined : text.slice(0, Number(position[1])).split("\n").length;
    throw new DataFormatError({ file, line, reason: `not JSON: ${message}` });
  }
  if (!Array.isArray(records)) {
    throw new DataFormatError({ file, reason: "expected a JSON array of SVAMP records" });
  }
  const seen = new Map<string, number>();
  return records.map((record, i): MathProblem => {
    const parsed = SvampRecordSchema.safeParse(record);
    const at = `record ${i + 1}`;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const id = (record as { ID?: unknown } | null)?.ID;
      throw new DataFormatError({
        file,
        field: issue?.path.map(String).join("."),
        reason: `${at}${typeof id === "string" || typeof id === "number" ? ` (ID "${id}")` : ""}: ${issue?.message ?? "not an SVAMP record"}`,
      });
    }
    const { ID, Body, Question, Equation, Answer, Type } = parsed.data;
    const first = seen.get(ID);
    if (first !== undefined) {
      throw new DataFormatError({
        file,
        field: "ID",
        reason: `${at}: ID "${ID}" again (first in record ${first})`,
      });
    }
    seen.set(ID, i + 1);
    return {
      id: ID,
      question: `${Body.trim()} ${Question.trim()}`.trim(),
      answer: Answer,
      formula: tidyEquation(Equation),
      ...(Type === undefined ? {} : { type: Type.trim() }),
      source: "svamp",
    };
  });
}

/**
 * `( ( 8.0 + 3.0 ) * 2.0 )` → `(8 + 3) * 2`: numbers as `formatNumber` writes them, SVAMP's
 * spaces inside parentheses and the parentheses around the whole equation dropped.
 */
function tidyEquation(equation: string): string {
  let tidy = equation
    .replace(/-?\d+\.\d+|\d+/g, (n) => formatNumber(Number(n)))
    .replace(/\(\s+/g, "(")
    .replace(/\s+\)/g, ")")
    .replace(/\s+/g, " ")
    .trim();
  while (tidy.startsWith("(") && closingParen(tidy) === tidy.length - 1) tidy = tidy.slice(1, -1);
  return tidy;
}

/** Where the parenthesis that opens `text` closes; -1 when it never does. */
function closingParen(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return -1;
}
