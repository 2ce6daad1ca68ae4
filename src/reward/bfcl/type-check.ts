import type { BfclCheck } from "./bfcl-types.js";
import { BFCL_OK, bfclError } from "./bfcl-types.js";
import { type PyType, pyType } from "./py-value.js";

export interface TypeCheck {
  check: BfclCheck;
  /**
   * BFCL's "variable" case: the allowed values have another type than the schema says (a
   * variable name written as a string, say), and the value has that type. Such a value is then
   * compared with `==` only, without string normalization.
   */
  isVariable: boolean;
}

/**
 * BFCL's `type_checker`, rule for rule. `expected` is the Python type the schema asks for and
 * `nested` the item type of an array (one level deep, as in BFCL). The int → float promotion is
 * done by the caller and only at the top level, so in an array of floats an int item passes
 * only when the allowed list's first item is an int too (BFCL's rule, kept on purpose).
 */
export function typeCheck(options: {
  param: string;
  value: unknown;
  allowed: readonly unknown[];
  expected: PyType;
  nested: PyType | null;
}): TypeCheck {
  const { param, value, allowed, expected, nested } = options;
  const allowedType = firstAnswerType(allowed);
  const isVariable = allowedType !== null && allowedType !== expected;
  const actual = pyType(value);
  if (actual === expected) {
    if (nested === null) return { check: BFCL_OK, isVariable };
    // Each allowed value that is a list is tried in turn; one whose items the value's items all
    // match passes — and so does any allowed value that is not a list (such as ""), as in BFCL.
    for (const answer of allowed) {
      const itemsMatch =
        !Array.isArray(answer) ||
        (value as unknown[]).every(
          (item) =>
            typeCheck({ param, value: item, allowed: answer, expected: nested, nested: null }).check
              .correct,
        );
      if (itemsMatch) return { check: BFCL_OK, isVariable };
    }
    const detail = `nested type check failed for "${param}": expected ${expected} of ${nested}`;
    if (allowedType === actual)
      return { check: bfclError("type_error:nested", detail), isVariable: true };
    return { check: typeError(param, expected, actual), isVariable };
  }
  if (allowedType !== null && actual === allowedType) return { check: BFCL_OK, isVariable: true };
  return { check: typeError(param, expected, actual), isVariable };
}

function typeError(param: string, expected: PyType, actual: PyType): BfclCheck {
  return bfclError(
    "type_error:simple",
    `incorrect type for "${param}": expected ${expected}, got ${actual}`,
  );
}

/** The type of the first allowed value that is not the optional marker `""`. */
function firstAnswerType(allowed: readonly unknown[]): PyType | null {
  for (const answer of allowed) if (answer !== "") return pyType(answer);
  return null;
}
