import type { PyType } from "./py-value.js";

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
