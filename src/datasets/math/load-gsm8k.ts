import { basename, extname, join } from "node:path";
import { z } from "zod";
import { DataFormatError, type MathProblem, parseNumber, readJsonl } from "../../core/index.js";
import { defaultDataDir } from "../default-data-dir.js";
import { gsm8kFormula } from "./gsm8k-formula.js";

export interface LoadGsm8kOptions {
  /** Default `../shared/data/gsm8k`. */
  readonly dataDir?: string;
  /** The file `<split>.jsonl`; default `train`. */
  readonly split?: string;
  /** A GSM8K-format file anywhere, instead of `dataDir` and `split`; its name is the split. */
  readonly file?: string;
  readonly limit?: number;
}

const Gsm8kLineSchema = z.object({
  question: z.string().min(1),
  /** The worked solution with `<<expr=result>>` annotations, ending `#### <answer>`. */
  answer: z.string().regex(/####\s*\S+\s*$/, "expected the solution to end with #### <answer>"),
});

/**
 * Loads GSM8K (`{question, answer}` JSONL, the answer a worked solution ending in `#### n`) as
 * math problems: the number after `####` as the answer, and as `formula` the solution's
 * calculator annotations composed into one expression (`gsm8kFormula`), when it has them.
 * Ids are `gsm8k-<split>-<line>`.
 *
 * @throws DataFormatError naming the file, line and field of the first bad record
 *
 * @example
 * const problems = await loadGsm8k({ limit: 100 });
 * // { id: "gsm8k-train-1", question: "Natalia sold clips…", answer: 72, formula: "48+(48/2)", source: "gsm8k" }
 */
export async function loadGsm8k({
  dataDir = defaultDataDir("gsm8k"),
  split: splitOption = "train",
  file: fileOption,
  limit,
}: LoadGsm8kOptions = {}): Promise<MathProblem[]> {
  const file = fileOption ?? join(dataDir, `${splitOption}.jsonl`);
  const split = fileOption === undefined ? splitOption : basename(fileOption, extname(fileOption));
  const lines = await readJsonl(file, Gsm8kLineSchema);
  const chosen = limit === undefined ? lines : lines.slice(0, limit);
  return chosen.map(({ question, answer }, i) => {
    const final = /####\s*(\S+)\s*$/.exec(answer)![1];
    const value = parseNumber(final);
    if (value === undefined) {
      throw new DataFormatError({
        file,
        line: i + 1,
        field: "answer",
        reason: `"${final}" is not a number`,
      });
    }
    const formula = gsm8kFormula(answer, question);
    return {
      id: `gsm8k-${split}-${i + 1}`,
      question,
      answer: value,
      ...(formula === undefined ? {} : { formula }),
      source: "gsm8k",
    };
  });
}
