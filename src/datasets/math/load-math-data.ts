import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import {
  ConfigError,
  type MathProblem,
  MathProblemSchema,
  numberWordsToDigits,
  readJsonl,
} from "../../core/index.js";
import { defaultDataDir } from "../default-data-dir.js";
import { loadAsdiv } from "./load-asdiv.js";
import { loadGsm8k } from "./load-gsm8k.js";
import { loadMawps } from "./load-mawps.js";
import { loadSvamp } from "./load-svamp.js";

/** A record of a data set that is well-formed but cannot be a math problem, and why. */
export interface SkippedProblem {
  readonly id: string;
  readonly file: string;
  readonly line?: number;
  readonly reason: string;
}

/** The problems of a data set, and the records left out (listed, never silently dropped). */
export interface MathData {
  readonly problems: MathProblem[];
  readonly skipped: SkippedProblem[];
}

/** The data sets `--data` names; anything else is a file. */
export const MATH_DATA_NAMES = ["gsm8k", "mawps", "asdiv", "asdiv-a", "svamp"] as const;

export interface LoadMathDataOptions {
  /**
   * A name — `gsm8k` (its training set), `mawps` (MAWPS + ASDiv-A, the SVAMP repository's
   * CSV), `asdiv` (all of ASDiv.xml), `asdiv-a` (its arithmetic part: the problems of its fold
   * files), `svamp` (`../shared/data/svamp/SVAMP.json`) — or a file, read by its extension:
   * `.jsonl` (GSM8K lines, or toolgym's own math-problem records), `.csv` (MAWPS layout),
   * `.xml` (ASDiv), `.json` (SVAMP).
   */
  readonly data: string;
  /** Keep the problems whose ids are in these folds (`fold<k>.txt` of `foldsDir`). */
  readonly folds?: readonly number[];
  /** Default `../shared/data/asdiv/nfolds/asdiv-a`, ASDiv-A's 5 folds. */
  readonly foldsDir?: string;
  /** Write number words as digits in the questions (`numberWordsToDigits`). */
  readonly digits?: boolean;
  /** Only the first `limit` problems (after the folds). */
  readonly limit?: number;
}

/**
 * Loads any math data set toolgym reads, by name or file, and narrows it to folds.
 *
 * @throws ConfigError for an unknown name, a missing file or a fold file; DataFormatError from
 *   the loaders, naming the file, record and field of bad input
 *
 * @example
 * const { problems } = await loadMathData({ data: "asdiv-a", folds: [4], digits: true });
 * // the 266 problems of ASDiv-A's fifth fold, number words written as digits
 */
export async function loadMathData({
  data,
  folds,
  foldsDir = join(defaultDataDir("asdiv"), "nfolds", "asdiv-a"),
  digits = false,
  limit,
}: LoadMathDataOptions): Promise<MathData> {
  let { problems, skipped } = await loadByName(data);
  const wanted = folds ?? (data === "asdiv-a" ? [0, 1, 2, 3, 4] : undefined);
  if (wanted !== undefined) {
    const ids = foldIds(foldsDir, wanted);
    problems = problems.filter((p) => ids.has(p.id));
    skipped = skipped.filter((s) => ids.has(s.id));
    if (problems.length === 0) {
      throw new ConfigError(
        "--folds",
        `no problem of ${data} is in fold ${wanted.join(", ")} of ${foldsDir} (the folds list ids such as nluds-0001)`,
      );
    }
  }
  if (digits) problems = problems.map((p) => ({ ...p, question: numberWordsToDigits(p.question) }));
  if (limit !== undefined) problems = problems.slice(0, limit);
  return { problems, skipped };
}

async function loadByName(data: string): Promise<MathData> {
  const all = (problems: MathProblem[]): MathData => ({ problems, skipped: [] });
  switch (data) {
    case "gsm8k":
      return all(await loadGsm8k());
    case "mawps":
      return all(await loadMawps());
    case "asdiv":
    case "asdiv-a":
      return loadAsdiv();
    case "svamp":
      return all(await loadSvamp({ file: join(defaultDataDir("svamp"), "SVAMP.json") }));
  }
  const names = `a file (.jsonl, .csv, .xml, .json) or one of ${MATH_DATA_NAMES.join(", ")}`;
  if (!existsSync(data)) throw new ConfigError("--data", `${data}: no such file; give ${names}`);
  switch (extname(data).toLowerCase()) {
    case ".jsonl":
      return all(
        isProblemRecords(data)
          ? await readJsonl(data, MathProblemSchema)
          : await loadGsm8k({ file: data }),
      );
    case ".csv":
      return all(await loadMawps({ dataDir: dirname(data), file: basename(data) }));
    case ".xml":
      return loadAsdiv({ file: data });
    case ".json":
      return all(await loadSvamp({ file: data }));
    default:
      throw new ConfigError("--data", `${data}: unknown kind of file; give ${names}`);
  }
}

/** Whether a JSONL file holds toolgym's math-problem records (`id`, numeric `answer`), not GSM8K. */
function isProblemRecords(file: string): boolean {
  const first = readFileSync(file, "utf8")
    .split("\n")
    .find((line) => line.trim() !== "");
  try {
    const record = JSON.parse(first ?? "null") as { id?: unknown; answer?: unknown } | null;
    return typeof record?.id === "string" && typeof record.answer === "number";
  } catch {
    // Not JSON: the GSM8K reader names the file and line.
    return false;
  }
}

/** The ids of the given folds: `fold<k>.txt`, one id a line. */
function foldIds(foldsDir: string, folds: readonly number[]): Set<string> {
  const ids = new Set<string>();
  for (const k of folds) {
    const file = join(foldsDir, `fold${k}.txt`);
    if (!existsSync(file)) throw new ConfigError("--folds", `${file}: no such fold file`);
    for (const id of readFileSync(file, "utf8").split(/\s+/)) if (id !== "") ids.add(id);
  }
  return ids;
}
