/**
 * JSON values as Python's `json.loads` sees them, which is what BFCL's checker compares.
 *
 * The one thing JavaScript's JSON.parse loses is the difference between `5` (int) and `5.0`
 * (float), and BFCL's type rules depend on it: an `integer` parameter rejects `5.0`, and an
 * array of floats written `[1.0, 3.0]` in the ground truth rejects `[1, 3]`. So a float literal
 * whose value is integral is kept as a `PyFloat`; every other number is a plain `number`, an int
 * when `Number.isInteger` and a float otherwise.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyValue =
  | null
  | boolean
  | number
  | PyFloat
  | string
  | PyValue[]
  | { [key: string]: PyValue };

/** Python's `type(v).__name__` for a JSON value. */
export type PyType = "NoneType" | "bool" | "int" | "float" | "str" | "list" | "dict";

export function pyType(value: unknown): PyType {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (value instanceof PyFloat) return "float";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return "list";
  return "dict";
}

/** The numeric value of an int, float or bool (Python: `True == 1`), else undefined. */
function numeric(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof PyFloat) return value.value;
  return undefined;
}

/** Python's `a == b` on JSON values: `1 == 1.0 == True`, lists element-wise, dicts by key. */
export function pyEquals(a: unknown, b: unknown): boolean {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined || y !== undefined) return x !== undefined && y !== undefined && x === y;
  const ta = pyType(a);
  if (ta !== pyType(b)) return false;
  if (ta === "NoneType") return true;
  if (ta === "str") return a === b;
  if (ta === "list") {
    const la = a as unknown[];
    const lb = b as unknown[];
    return la.length === lb.length && la.every((item, i) => pyEquals(item, lb[i]));
  }
  const da = a as Record<string, unknown>;
  const db = b as Record<string, unknown>;
  const keys = Object.keys(da);
  return (
    keys.length === Object.keys(db).length &&
    keys.every((key) => Object.hasOwn(db, key) && pyEquals(da[key], db[key]))
  );
}

/** Python's `value in list`. */
export function pyIn(list: readonly unknown[], value: unknown): boolean {
  return list.some((item) => pyEquals(item, value));
}
