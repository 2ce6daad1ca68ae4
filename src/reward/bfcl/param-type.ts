import type { BfclCheck } from "./bfcl-types.js";
import { BFCL_OK, bfclError } from "./bfcl-types.js";
import { type PyType, pyType } from "./py-json.js";

/** BFCL's (Python-flavoured) type names. */
export type BfclTypeName =
  | "string"
  | "integer"
  | "float"
  | "boolean"
  | "array"
  | "tuple"
  | "dict"
  | "any";

/** The Python type BFCL requires for each (its `PYTHON_TYPE_MAPPING`; `any` means `str`). */
export const PYTHON_TYPE: Record<BfclTypeName, PyType> = {
  string: "str",
  integer: "int",
  float: "float",
  boolean: "bool",
  array: "list",
  tuple: "list",
  dict: "dict",
  any: "str",
};

/** JSON Schema types (what ToolSpec holds) and BFCL's own names → BFCL's names. */
const NAMES: Record<string, BfclTypeName> = {
  string: "string",
  integer: "integer",
  number: "float",
  boolean: "boolean",
  array: "array",
  object: "dict",
  float: "float",
  dict: "dict",
  tuple: "tuple",
  any: "any",
};

/**
 * The BFCL type of a parameter schema. core's `fromBfclFunction` turns `float` into `number`,
 * `dict` into `object`, `tuple` into `array` and drops the type of `any`; each maps back to a
 * name with the same checking rule (BFCL treats `tuple` exactly as `array`), so checking a
 * ToolSpec gives BFCL's verdicts. A schema without a type is `any`, as in BFCL. An unknown type
 * (a union such as `["string","null"]`) gives undefined: BFCL has no rule for it, and we then
 * check the value only.
 */
export function bfclTypeOf(schema: unknown): BfclTypeName | undefined {
  if (schema === null || typeof schema !== "object") return "any";
  const type = (schema as { type?: unknown }).type;
  if (type === undefined) return "any";
  return typeof type === "string" ? NAMES[type] : undefined;
}

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
