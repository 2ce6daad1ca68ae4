import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SaxesParser } from "saxes";
import { ConfigError, DataFormatError, type MathProblem, parseNumber } from "../../core/index.js";
import { defaultDataDir } from "../default-data-dir.js";
import { gsm8kFormula } from "./gsm8k-formula.js";
import type { MathData, SkippedProblem } from "./load-math-data.js";

export interface LoadAsdivOptions {
  /** The XML file; default `../shared/data/asdiv/ASDiv.xml`. */
  readonly file?: string;
}

/** The elements every `<Problem>` must have. */
const FIELDS = ["Body", "Question", "Solution-Type", "Answer", "Formula"] as const;
type Field = (typeof FIELDS)[number];

interface RawProblem {
  id: string;
  line: number;
  fields: Partial<Record<Field, string>>;
}

/**
 * Loads ASDiv (`ASDiv.xml`: `<Problem ID>` with `Body`, `Question`, `Solution-Type`, `Answer`,
 * `Formula`) as math problems: the question is `Body + " " + Question`, the answer the number
 * that starts `Answer` (`9 (apples)` → 9), the type the solution type, and the formula the
 * equation's left side (`7+2=9` → `7+2`; multi-step formulas `a=b; c=d` composed into one
 * expression, parenthesized units such as `(min/hour)` dropped). Ids are the XML's (`nluds-0001`),
 * the ones ASDiv's fold files list.
 *
 * Problems whose answer is not a number (ASDiv asks some yes/no, name and clock-time questions)
 * are skipped, each with its id, line and why; a formula that cannot be read leaves `formula`
 * out. What is malformed — the XML itself, a problem without an ID or without one of the five
 * elements, an ID given twice — throws.
 *
 * @throws DataFormatError naming the file, line, problem and element of the first bad record
 *
 * @example
 * const { problems } = await loadAsdiv();
 * // { id: "nluds-0001", question: "Seven red apples and two green apples are in the basket. How many…",
 * //   answer: 9, formula: "7+2", type: "Addition", source: "asdiv" }
 */
export async function loadAsdiv({
  file = join(defaultDataDir("asdiv"), "ASDiv.xml"),
}: LoadAsdivOptions = {}): Promise<MathData> {
  if (!existsSync(file)) {
    throw new ConfigError("--data", `${file}: no such file (ASDiv's ASDiv.xml)`);
  }
  const raw = parseAsdivXml(file, await readFile(file, "utf8"));
  const problems: MathProblem[] = [];
  const skipped: SkippedProblem[] = [];
  for (const { id, line, fields } of raw) {
    const answerText = fields.Answer!.trim();
    // A number, then at most a parenthesized unit: `9 (apples)`; not `3:30 p.m.` nor `6th`.
    const answer = parseNumber(/^(-?[\d.,/]+)\s*(?:\([^()]*\))?$/.exec(answerText)?.[1] ?? "");
    if (answer === undefined) {
      skipped.push({ id, file, line, reason: `Answer "${answerText}" is not a number` });
      continue;
    }
    const formula = asdivFormula(fields.Formula!);
    const question = `${fields.Body!.trim()} ${fields.Question!.trim()}`;
    problems.push({
      id,
      question,
      answer,
      ...(formula === undefined ? {} : { formula }),
      type: fields["Solution-Type"]!.trim(),
      source: "asdiv",
    });
  }
  return { problems, skipped };
}

/**
 * ASDiv's `Formula` as one expression: `7+2=9` → `7+2`; steps `3+5=8; 8-2=6; 3+8+6=17` composed
 * like GSM8K's annotations (`gsm8kFormula`); parenthesized units (`2 (hour)*60 (min/hour)`)
 * dropped. Undefined when a step is not `expression = number` (`LCM[5,10]=10`, a comparison), or
 * when a later step uses a quotient with remainder (`17/10=1 r7`).
 */
export function asdivFormula(formula: string): string | undefined {
  const withoutUnits = formula.replace(/\([^()]*[A-Za-z][^()]*\)/g, "");
  const steps = withoutUnits.split(";").map((s) => s.trim());
  const annotations: string[] = [];
  for (const step of steps) {
    const match = /^([-+*/().\d\s]+)=\s*(-?[\d.]+)(\s*r\s*\d+)?\s*[A-Za-z ]*$/.exec(step);
    if (match === null || !/\d/.test(match[1])) return undefined;
    // `17/10=1 r7`: a quotient with remainder is not the expression's value, so a later step
    // that uses it cannot be composed; alone, the division is the formula (and may miss).
    if (match[3] !== undefined && steps.length > 1) return undefined;
    annotations.push(`<<${match[1].replace(/\s+/g, "")}=${match[2]}>>`);
  }
  // The question's numbers are not needed: a step's result is substituted only where a later
  // step uses it, and ASDiv's steps always reuse results.
  return gsm8kFormula(annotations.join(" "), "");
}

/** The `<Problem>` records of ASDiv's XML, each with the line it starts on. */
function parseAsdivXml(file: string, text: string): RawProblem[] {
  const parser = new SaxesParser({ fileName: file });
  const problems: RawProblem[] = [];
  const seen = new Map<string, number>();
  let current: RawProblem | undefined;
  let field: Field | undefined;
  let buffer = "";
  let failure: DataFormatError | undefined;
  const fail = (reason: string, fieldName?: string, line = parser.line) => {
    failure ??= new DataFormatError({ file, line, field: fieldName, reason });
  };
  parser.on("error", (error) =>
    fail(`malformed XML: ${error.message.replace(/^[^:]*:\d+:\d+: /, "")}`),
  );
  parser.on("opentag", (tag) => {
    if (tag.name === "Problem") {
      const id = tag.attributes.ID;
      if (typeof id !== "string" || id.trim() === "")
        return fail("a <Problem> without an ID", "ID");
      const first = seen.get(id);
      if (first !== undefined) return fail(`problem "${id}" again (first on line ${first})`, "ID");
      seen.set(id, parser.line);
      current = { id, line: parser.line, fields: {} };
    } else if (current !== undefined && (FIELDS as readonly string[]).includes(tag.name)) {
      field = tag.name as Field;
      buffer = "";
    }
  });
  parser.on("text", (t) => {
    if (field !== undefined) buffer += t;
  });
  parser.on("closetag", (tag) => {
    if (field !== undefined && tag.name === field && current !== undefined) {
      current.fields[field] = buffer;
      field = undefined;
    } else if (tag.name === "Problem" && current !== undefined) {
      const missing = FIELDS.find((f) => current!.fields[f] === undefined);
      if (missing !== undefined)
        fail(`problem "${current.id}" has no <${missing}>`, missing, current.line);
      else problems.push(current);
      current = undefined;
    }
  });
  // saxes reports a well-formedness error and goes on; the first one is the one to fix.
  parser.write(text).close();
  if (failure !== undefined) throw failure;
  if (problems.length === 0)
    throw new DataFormatError({ file, reason: "no <Problem> in the file" });
  return problems;
}
