/**
 * Maps tool names to names the OpenAI API accepts (`^[A-Za-z0-9_-]{1,64}$`) and back.
 *
 * Our ToolSpec also allows dots, as BFCL uses them (`math.factorial`); OpenAI rejects such a
 * request with a 400. So each name is sent with every other character replaced by `_`, and a
 * reply naming the sent form is mapped back to the original. Names that are already valid keep
 * their own name; a sanitized name that collides with another gets `_2`, `_3`, … appended.
 */
export interface ToolNameMap {
  /** The name to send for `name`; a name outside the tool list is sanitized without a mapping. */
  toWire(name: string): string;
  /** The original name for a name the model sent; an unknown name comes back unchanged. */
  fromWire(name: string): string;
}

const MAX_NAME_LENGTH = 64;

export function createToolNameMap(names: readonly string[]): ToolNameMap {
  const wireOf = new Map<string, string>();
  const originalOf = new Map<string, string>();
  const unique = [...new Set(names)];
  // Valid names first, so they never lose their name to a sanitized one.
  for (const name of unique.filter((n) => sanitize(n) === n)) {
    wireOf.set(name, name);
    originalOf.set(name, name);
  }
  for (const name of unique.filter((n) => sanitize(n) !== n)) {
    const base = sanitize(name);
    let wire = base;
    for (let n = 2; originalOf.has(wire); n += 1) {
      const suffix = `_${n}`;
      wire = base.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
    }
    wireOf.set(name, wire);
    originalOf.set(wire, name);
  }
  return {
    toWire: (name) => wireOf.get(name) ?? sanitize(name),
    fromWire: (name) => originalOf.get(name) ?? name,
  };
}

function sanitize(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, MAX_NAME_LENGTH);
  return replaced === "" ? "_" : replaced;
}
