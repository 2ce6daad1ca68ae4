import { type Command, InvalidArgumentError } from "commander";
import { loadMathData, MATH_DATA_NAMES, type MathData } from "../../datasets/index.js";
import type { DirectRule } from "../../env/index.js";
import { MATH_EXAMPLES } from "../../eval/math/index.js";

/** The flags that choose math problems and the Stage I rule, shared by the math commands. */
export interface MathDataFlags {
  data: string;
  folds?: number[];
  digits?: boolean;
  limit?: number;
  directMaxOperand?: number;
  directOperators?: string;
}

function folds(value: string): number[] {
  const list = value.split(",").map((v) => v.trim());
  if (list.some((v) => !/^\d+$/.test(v)))
    throw new InvalidArgumentError("expected fold numbers, e.g. 0,1,2,3");
  return list.map(Number);
}

// The number parsers of the math commands' flags (main.ts keeps its own for the others).
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected an integer ≥ 0");
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError("expected a non-negative number");
  return n;
}

/** How many of `MATH_EXAMPLES` a prompt shows. */
export function exampleCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MATH_EXAMPLES.length)
    throw new InvalidArgumentError(`expected 0 to ${MATH_EXAMPLES.length}`);
  return n;
}

/** Adds `--data`, `--folds`, `--digits`, `--limit` and the direct-answer rule's flags. */
export function addMathDataOptions(command: Command): Command {
  return command
    .requiredOption(
      "--data <name|file>",
      `${MATH_DATA_NAMES.join(", ")}, or a file: .jsonl (GSM8K or math problems), .csv (MAWPS), .xml (ASDiv), .json (SVAMP)`,
    )
    .option(
      "--folds <list>",
      "only the problems of these folds of ASDiv-A (../shared/data/asdiv/nfolds/asdiv-a/fold<k>.txt), e.g. 0,1,2,3",
      folds,
    )
    .option("--digits", "write number words in the questions as digits (SVAMP's preprocessing)")
    .option("--limit <n>", "only the first n problems", positiveInt)
    .option(
      "--direct-max-operand <n>",
      "the gold answers directly when the equation is one operation on numbers up to n (default 10)",
      nonNegativeInt,
    )
    .option(
      "--direct-operators <ops>",
      "…and one of these operators (default +-*; empty: always the calculator)",
    );
}

/** The problems the flags choose; records that cannot be math problems are listed on stderr. */
export async function loadMathDataFlags(flags: MathDataFlags): Promise<MathData> {
  const data = await loadMathData({
    data: flags.data,
    folds: flags.folds,
    digits: flags.digits,
    limit: flags.limit,
  });
  for (const { id, file, line, reason } of data.skipped) {
    process.stderr.write(
      `skipped ${id} (${file}${line === undefined ? "" : `:${line}`}): ${reason}\n`,
    );
  }
  return data;
}

export function directRuleOf(flags: MathDataFlags): DirectRule {
  return {
    ...(flags.directMaxOperand === undefined ? {} : { maxOperand: flags.directMaxOperand }),
    ...(flags.directOperators === undefined ? {} : { operators: flags.directOperators }),
  };
}
