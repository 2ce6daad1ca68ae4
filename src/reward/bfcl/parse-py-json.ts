import { PyFloat, type PyValue } from "./py-value.js";

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
