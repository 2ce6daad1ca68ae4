import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { z } from "zod";
import {
  type BfclFunction,
  fromBfclFunction,
  issuePath,
  type Message,
  ToolgymError,
  type ToolSpec,
  ToolSpecSchema,
} from "../../core/index.js";
import { defaultDataDir } from "../default-data-dir.js";
import {
  BFCL_CATEGORIES,
  type BfclCategory,
  bfclFileNames,
  hasGroundTruth,
} from "./bfcl-category.js";
import {
  BfclAnswerLineSchema,
  type BfclEntry,
  type BfclGroundTruthCall,
  BfclQuestionLineSchema,
  type BfclSkippedEntry,
} from "./bfcl-entry.js";

export interface LoadBfclOptions {
  /**
   * A folder with the leaderboard's files: `BFCL_v4_<category>.json` (or the v3/v2 names, see
   * `bfclFileNames`) and `possible_answer/` beside them; default `../shared/data/bfcl`.
   */
  dataDir?: string;
  /** Default: every category whose question file is in `dataDir` (`findBfclCategories`). */
  categories?: readonly BfclCategory[];
  /**
   * Reads the JSON of the ground-truth files. BFCL's type rules tell `5.0` from `5`, which
   * JSON.parse cannot: pass reward's `parsePyJson` to keep the difference (eval does).
   */
  readJson?: (text: string) => unknown;
  /** Only the first `limit` entries of each category (skipped ones included). */
  limit?: number;
}

/** The entries of a BFCL load, and the records that could not be used. */
export interface BfclData {
  entries: BfclEntry[];
  skipped: BfclSkippedEntry[];
}

/**
 * Loads BFCL entries, category after category, in file order. Despite the `.json` extension
 * the files are JSON Lines, one entry a line.
 *
 * A record that cannot be used — a line that is not JSON or breaks the schema, a function no
 * tool may be named, a ground truth that is missing or names a function its entry does not
 * define — is skipped and reported in `skipped` with its file, line and field; the rest of the
 * category still loads. A missing file is an operator error and throws a ToolgymError.
 *
 * Answers are paired with questions by id when every answer's id names a question, else by
 * position, as the leaderboard pairs them (it relies on the two files' order).
 *
 * @example
 * const { entries, skipped } = await loadBfcl({ categories: ["simple_python"] });
 * entries[0].tools[0].function.name // "calculate_triangle_area"
 * skipped // []
 */
export async function loadBfcl({
  dataDir = defaultDataDir("bfcl"),
  categories,
  readJson = JSON.parse,
  limit,
}: LoadBfclOptions = {}): Promise<BfclData> {
  const wanted = categories ?? findBfclCategories(dataDir);
  if (wanted.length === 0)
    throw new ToolgymError(
      `${dataDir}: no BFCL question files (BFCL_v4_<category>.json); pass the BFCL data folder (--data DIR)`,
    );
  const data: BfclData = { entries: [], skipped: [] };
  for (const category of wanted) {
    const records = loadCategory(dataDir, category, readJson).slice(0, limit);
    for (const record of records) {
      if ("entry" in record) data.entries.push(record.entry);
      else data.skipped.push(record.skipped);
    }
  }
  return data;
}

/**
 * The categories whose question file is in `dir`, in `BFCL_CATEGORIES` order.
 *
 * @example
 * findBfclCategories(defaultDataDir("bfcl")) // ["simple_python", "multiple", "parallel", "parallel_multiple", "irrelevance"]
 */
export function findBfclCategories(dir: string): BfclCategory[] {
  return BFCL_CATEGORIES.filter((category) => questionFile(dir, category) !== undefined);
}

/** One question line's outcome, in file order. */
type QuestionRecord = { entry: BfclEntry } | { skipped: BfclSkippedEntry };

function questionFile(dir: string, category: BfclCategory): string | undefined {
  return bfclFileNames(category)
    .map((name) => join(dir, name))
    .find((file) => existsSync(file));
}

function loadCategory(
  dataDir: string,
  category: BfclCategory,
  readJson: (text: string) => unknown,
): QuestionRecord[] {
  const file = questionFile(dataDir, category);
  if (file === undefined)
    throw new ToolgymError(
      `${dataDir}: no question file for BFCL category "${category}" (looked for ${bfclFileNames(category).join(", ")}); pass the BFCL data folder (--data DIR)`,
    );
  const firstLineOf = new Map<string, number>();
  const records = readLines(file, BfclQuestionLineSchema, JSON.parse).map((row): QuestionRecord => {
    const skip = (reason: string, id?: string) => ({
      skipped: { category, file, line: row.line, id, reason },
    });
    if ("error" in row) return skip(row.error);
    const { id, question, function: functions } = row.value;
    const first = firstLineOf.get(id);
    if (first !== undefined) return skip(`id "${id}" repeats the entry on line ${first}`, id);
    firstLineOf.set(id, row.line);
    const tools: ToolSpec[] = [];
    for (const [i, fn] of functions.entries()) {
      const tool = toTool(fn as BfclFunction);
      if (typeof tool === "string") return skip(`function.${i}.${tool}`, id);
      tools.push(tool);
    }
    const messages = question[0].map(({ role, content }): Message => ({ role, content }));
    return { entry: { id, category, messages, tools, groundTruth: [] } };
  });
  if (!hasGroundTruth(category)) return records;
  return attachAnswers(records, join(dataDir, "possible_answer", basename(file)), readJson);
}

/** Pairs each question with its answer line, skipping the questions whose answer is unusable. */
function attachAnswers(
  records: QuestionRecord[],
  answerFile: string,
  readJson: (text: string) => unknown,
): QuestionRecord[] {
  const rows = readLines(answerFile, BfclAnswerLineSchema, readJson);
  const position = new Map<string, number>();
  for (const [i, record] of records.entries()) {
    const id = "entry" in record ? record.entry.id : record.skipped.id;
    if (id !== undefined && !position.has(id)) position.set(id, i);
  }
  // By id when every answer names a distinct question; else by position, the leaderboard's way.
  const ids = rows.map((row) => ("value" in row ? row.value.id : undefined));
  const byId =
    ids.every((id) => id !== undefined && position.has(id)) && new Set(ids).size === ids.length;
  const byPosition = !byId && rows.length === records.length;
  const answerOf = new Array<(typeof rows)[number] | undefined>(records.length);
  for (const [i, row] of rows.entries()) {
    if (byId) answerOf[position.get(ids[i] as string) as number] = row;
    else if (byPosition) answerOf[i] = row;
  }

  return records.map((record, i) => {
    if (!("entry" in record)) return record;
    const { entry } = record;
    const category = entry.category;
    const row = answerOf[i];
    const skip = (reason: string, line?: number): QuestionRecord => ({
      skipped: { category, file: answerFile, line, id: entry.id, reason },
    });
    if (row === undefined)
      return skip(
        byId || byPosition
          ? `no ground truth for entry "${entry.id}"`
          : `cannot pair answers with questions: ${rows.length} answer lines for ${records.length} questions, and not every answer's id names a question`,
      );
    if ("error" in row) return skip(row.error, row.line);
    const groundTruth: BfclGroundTruthCall[] = [];
    for (const [j, call] of row.value.ground_truth.entries()) {
      const [name, params] = Object.entries(call)[0];
      if (!entry.tools.some((tool) => tool.function.name === name))
        return skip(
          `ground_truth.${j}: names function "${name}", which entry ${entry.id} does not define`,
          row.line,
        );
      groundTruth.push({ name, params });
    }
    return { entry: { ...entry, groundTruth } };
  });
}

/** A BFCL function as a ToolSpec, or the field and reason it cannot be one. */
function toTool(fn: BfclFunction): ToolSpec | string {
  const parsed = ToolSpecSchema.safeParse(fromBfclFunction(fn));
  if (parsed.success) return parsed.data;
  const field = issuePath(parsed.error).replace(/^function\./, "");
  return `${field}: ${parsed.error.issues[0]?.message ?? "not a valid tool"}`;
}

type Line<S extends z.ZodType> = { line: number } & ({ value: z.output<S> } | { error: string });

/** Reads a JSON Lines file: each non-blank line validated, or the reason it is not valid. */
function readLines<S extends z.ZodType>(
  file: string,
  schema: S,
  readJson: (text: string) => unknown,
): Line<S>[] {
  if (!existsSync(file))
    throw new ToolgymError(`${file}: no such file; pass the BFCL data folder (--data DIR)`);
  const rows: Line<S>[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === "") return;
      let json: unknown;
      try {
        json = readJson(text);
      } catch (error) {
        rows.push({ line, error: `not valid JSON (${(error as Error).message})` });
        return;
      }
      const parsed = schema.safeParse(json);
      if (parsed.success) rows.push({ line, value: parsed.data });
      else {
        const field = issuePath(parsed.error);
        const reason = parsed.error.issues[0]?.message ?? "does not match the schema";
        rows.push({ line, error: field === "" ? reason : `${field}: ${reason}` });
      }
    });
  return rows;
}
