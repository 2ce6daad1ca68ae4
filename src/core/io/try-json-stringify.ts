import { nestsDeeperThan } from "./nests-deeper-than.js";

/**
 * The deepest nesting `tryJsonStringify` writes: well inside what JSON.stringify manages on a
 * default stack (it gives up between 4,000 and 5,000 levels), far beyond any tool's schema.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * `JSON.stringify(value)`, or undefined when the value has no JSON text: nested deeper than
 * MAX_JSON_DEPTH (what a model writes can nest thousands of levels), a cycle, a BigInt. For text
 * that comes from a model and is written back out, where the caller has a fallback (the raw text).
 *
 * @example
 * tryJsonStringify(JSON.parse("[".repeat(1e5) + "]".repeat(1e5))) // undefined
 */
export function tryJsonStringify(value: unknown): string | undefined {
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
