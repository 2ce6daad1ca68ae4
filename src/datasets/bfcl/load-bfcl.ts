import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import {
  type BfclFunction,
  DataFormatError,
  fromBfclFunction,
  issuePath,
  ToolgymError,
  type ToolSpec,
  ToolSpecSchema,
} from "../../core/index.js";
import { defaultDataDir } from "../default-data-dir.js";
import { BFCL_CATEGORIES, type BfclCategory, hasGroundTruth } from "./bfcl-category.js";
import type { BfclEntry, BfclGroundTruthCall } from "./bfcl-entry.js";
import { BfclAnswerLineSchema, BfclQuestionLineSchema } from "./bfcl-schemas.js";

export interface LoadBfclOptions {
  /** The folder with `BFCL_v4_<category>.json` and `possible_answer/`; default `../shared/data/bfcl`. */
  dataDir?: string;
  categories?: readonly BfclCategory[];
  /**
   * Reads the JSON of the ground-truth files. BFCL's type rules tell `5.0` from `5`, which
   * JSON.parse cannot: pass reward's `parsePyJson` to keep the difference (eval does).
   */
  readJson?: (text: string) => unknown;
}

/**
 * Loads BFCL v4 entries, category after category, in file order. Despite the `.json` extension
 * the files are JSON Lines, one entry a line. Every line is validated; a bad one throws a
 * DataFormatError with its file, line and field, and so does a ground truth that names a
 * function its entry does not define or an entry without a ground truth.
 *
 * @example
 * const entries = await loadBfcl({ categories: ["simple_python"] });
 * entries[0].tools[0].function.name // "calculate_triangle_area"
 */
export async function loadBfcl({
  dataDir = defaultDataDir("bfcl"),
  categories = BFCL_CATEGORIES,
  readJson = JSON.parse,
}: LoadBfclOptions = {}): Promise<BfclEntry[]> {
  const entries: BfclEntry[] = [];
  for (const category of categories) entries.push(...loadCategory(dataDir, category, readJson));
  return entries;
}

function loadCategory(
  dataDir: string,
  category: BfclCategory,
  readJson: (text: string) => unknown,
): BfclEntry[] {
  const questionFile = join(dataDir, `BFCL_v4_${category}.json`);
  const questions = readLines(questionFile, BfclQuestionLineSchema, JSON.parse);
  const entries = questions.map(({ value, line }) => ({
    id: value.id,
    category,
    messages: value.question[0],
    tools: value.function.map((fn, i) =>
      toTool(fn as BfclFunction, { file: questionFile, line, field: `function.${i}` }),
    ),
    groundTruth: [] as BfclGroundTruthCall[],
  }));
  if (!hasGroundTruth(category)) return entries;

  const answerFile = join(dataDir, "possible_answer", `BFCL_v4_${category}.json`);
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const answered = new Set<string>();
  for (const { value, line } of readLines(answerFile, BfclAnswerLineSchema, readJson)) {
    const entry = byId.get(value.id);
    const where = { file: answerFile, line };
    if (entry === undefined)
      throw new DataFormatError({
        ...where,
        field: "id",
        reason: `no entry "${value.id}" in ${questionFile}`,
      });
    entry.groundTruth = value.ground_truth.map((call, i) => {
      const [name, params] = Object.entries(call)[0];
      if (!entry.tools.some((tool) => tool.function.name === name))
        throw new DataFormatError({
          ...where,
          field: `ground_truth.${i}`,
          reason: `names function "${name}", which entry ${value.id} does not define`,
        });
      return { name, params };
    });
    answered.add(value.id);
  }
  const missing = entries.find((entry) => !answered.has(entry.id));
  if (missing !== undefined)
    throw new DataFormatError({
      file: answerFile,
      reason: `no ground truth for entry "${missing.id}"`,
    });
  return entries;
}

function toTool(fn: BfclFunction, where: { file: string; line: number; field: string }): ToolSpec {
  const parsed = ToolSpecSchema.safeParse(fromBfclFunction(fn));
  if (!parsed.success)
    throw new DataFormatError({
      ...where,
      field: `${where.field}.${issuePath(parsed.error).replace(/^function\./, "")}`,
      reason: parsed.error.issues[0]?.message ?? "not a valid tool",
    });
  return parsed.data;
}

/** Reads a JSON Lines file, validating each non-blank line; throws with file and line. */
function readLines<S extends z.ZodType>(
  file: string,
  schema: S,
  readJson: (text: string) => unknown,
): { value: z.output<S>; line: number }[] {
  if (!existsSync(file))
    throw new ToolgymError(`${file}: no such file; pass the BFCL data folder (--data DIR)`);
  const rows: { value: z.output<S>; line: number }[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      const line = i + 1;
      if (text.trim() === "") return;
      let json: unknown;
      try {
        json = readJson(text);
      } catch (error) {
        throw new DataFormatError({
          file,
          line,
          reason: `not valid JSON (${(error as Error).message}); BFCL files hold one JSON object a line`,
        });
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success)
        throw new DataFormatError({
          file,
          line,
          field: issuePath(parsed.error),
          reason: parsed.error.issues[0]?.message ?? "does not match the schema",
        });
      rows.push({ value: parsed.data, line });
    });
  return rows;
}
