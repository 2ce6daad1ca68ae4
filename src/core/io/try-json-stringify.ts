/**
 * `JSON.stringify(value)`, or undefined when the value has no JSON text: nested too deep for the
 * stack (what a model writes can nest thousands of levels), a cycle, a BigInt. For text that
 * comes from a model and is written back out, where the caller has a fallback (the raw text).
 *
 * @example
 * tryJsonStringify(JSON.parse("[".repeat(1e5) + "]".repeat(1e5))) // undefined
 */
export function tryJsonStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
