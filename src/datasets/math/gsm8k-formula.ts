/** A number as GSM8K writes one in an annotation: `12`, `0.5`, `.5`. */
const NUMBER = /(?<![\d.])\d*\.?\d+(?![\d.])/g;

/**
 * One expression for a GSM8K solution, from its calculator annotations (`<<48/2=24>>`): each
 * later annotation's use of an earlier result is replaced by that result's expression, so the
 * last one becomes a formula over the question's numbers (`48+(48/2)` for 48/2=24, 48+24=72).
 * A number that also appears in the question is kept as written (it is more likely the
 * question's). Substitution never changes a value, so the formula evaluates to the last
 * annotation's result — callers still check it against the answer.
 *
 * @returns undefined when there is no annotation or the formula grows past `maxLength`
 *
 * @example
 * gsm8kFormula("Natalia sold 48/2 = <<48/2=24>>24 clips…\n…48+24 = <<48+24=72>>72…\n#### 72", "…48 of her friends…")
 * // "48+(48/2)"
 */
export function gsm8kFormula(
  solution: string,
  question: string,
  maxLength = 200,
): string | undefined {
  const inQuestion = new Set(
    [...question.replace(/(\d),(\d{3})/g, "$1$2").matchAll(NUMBER)].map((m) => Number(m[0])),
  );
  const results: { value: number; expression: string }[] = [];
  let last: string | undefined;
  for (const [, body] of solution.matchAll(/<<([^<>]*)>>/g)) {
    const eq = body.lastIndexOf("=");
    if (eq < 0) continue;
    const expression = body.slice(0, eq).replace(/,/g, "").trim();
    const value = Number(body.slice(eq + 1).replace(/,/g, ""));
    if (expression === "") continue;
    const composed = expression.replace(NUMBER, (text) => {
      const n = Number(text);
      if (inQuestion.has(n)) return text;
      const earlier = results.findLast((r) => r.value === n);
      return earlier === undefined ? text : `(${earlier.expression})`;
    });
    last = composed;
    if (Number.isFinite(value)) results.push({ value, expression: composed });
  }
  return last !== undefined && last.length <= maxLength ? last : undefined;
}
