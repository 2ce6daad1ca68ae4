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

/**
 * Writes a value as JSON the way Python reads it back: a `PyFloat` keeps its decimal point
 * (`PyFloat(5)` → `5.0`), so int and float survive the trip through a tool call's arguments.
 *
 * @example
 * stringifyPyJson({ x: new PyFloat(5), n: 5 }) // '{"x":5.0,"n":5}'
 */
export function stringifyPyJson(value: unknown): string {
  if (value instanceof PyFloat) {
    const text = JSON.stringify(value.value);
    // Non-finite values have no JSON form; JSON.stringify writes null, and so do we.
    return text === "null" || /[.eE]/.test(text) ? text : `${text}.0`;
  }
  if (Array.isArray(value)) return `[${value.map(stringifyPyJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const body = Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${stringifyPyJson(item)}`)
      .join(",");
    return `{${body}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Parses JSON like Python's `json.loads`: a number literal with a fraction or an exponent is a
 * float, and one whose value is integral (`5.0`, `1e3`) comes back as a `PyFloat` so it is not
 * mistaken for an int. Throws a SyntaxError on malformed text, as JSON.parse does.
 *
 * @example
 * parsePyJson('{"n": 5, "x": 5.0}') // { n: 5, x: PyFloat { value: 5 } }
 */
export function parsePyJson(text: string): PyValue {
  const reader = new Reader(text);
  reader.skipSpace();
  const value = reader.value();
  reader.skipSpace();
  if (reader.pos < text.length) reader.fail("unexpected text after the JSON value");
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
// The extent of a string token; JSON.parse then checks its escapes and control characters.
const STRING = /"(?:[^"\\]|\\.)*"/y;

class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.pos} of JSON text`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos])) this.pos++;
  }

  value(): PyValue {
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.number();
  }

  private number(): number | PyFloat {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail("unexpected token");
    this.pos += match[0].length;
    const value = Number(match[0]);
    const isFloat = match[1] !== undefined || match[2] !== undefined;
    return isFloat && Number.isInteger(value) ? new PyFloat(value) : value;
  }

  private string(): string {
    STRING.lastIndex = this.pos;
    const match = STRING.exec(this.text);
    if (match === null) this.fail("bad string");
    this.pos += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  private array(): PyValue[] {
    const items: PyValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === "]") return items;
      if (c !== ",") this.fail("expected , or ]");
    }
  }

  private object(): { [key: string]: PyValue } {
    const entries: [string, PyValue][] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return {};
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail("expected a string key");
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos++] !== ":") this.fail("expected :");
      this.skipSpace();
      entries.push([key, this.value()]);
      this.skipSpace();
      const c = this.text[this.pos++];
      // fromEntries defines own properties, so a "__proto__" key stays a plain key.
      if (c === "}") return Object.fromEntries(entries);
      if (c !== ",") this.fail("expected , or }");
    }
  }
}
