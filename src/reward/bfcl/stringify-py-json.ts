import { PyFloat } from "./py-value.js";

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
