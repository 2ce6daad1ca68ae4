import type { JsonSchema, ToolSpec } from "../../core/index.js";
import { cutText } from "./chat-template-options.js";

/**
 * The tools as a tiny model reads them: one line each, a signature with parameter names and
 * compact types, then the description cut to `maxDescriptionChars`. Optional parameters get a
 * `?`; enums are written as their values; nothing else of the JSON Schema is kept.
 *
 * @example
 * renderToolDocs([weatherTool], { maxDescriptionChars: 32 })
 * // 'Tools:\nget_weather(city: string, unit?: "C"|"F") Current weather in a city: temp…'
 * renderToolDocs([weatherTool], { maxDescriptionChars: 0 })
 * // 'Tools:\nget_weather(city: string, unit?: "C"|"F")'
 */
export function renderToolDocs(
  tools: readonly ToolSpec[],
  { maxDescriptionChars }: { maxDescriptionChars: number },
): string {
  const lines = tools.map(({ function: f }) => {
    const schema = f.parameters;
    const properties = asRecord(schema.properties) ?? {};
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const params = Object.entries(properties).map(
      ([name, property]) =>
        `${name}${required.has(name) ? "" : "?"}: ${compactType(asRecord(property) ?? {})}`,
    );
    const description = cutText(f.description.trim(), maxDescriptionChars);
    const signature = `${f.name}(${params.join(", ")})`;
    return description === "" ? signature : `${signature} ${description}`;
  });
  return ["Tools:", ...lines].join("\n");
}

/** `string`, `number`, `string[]`, `"a"|"b"`, `object`, or `any` when the schema says nothing. */
export function compactType(schema: JsonSchema, depth = 0): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join("|");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const type = schema.type;
  if (Array.isArray(type)) return type.map(String).join("|");
  if (type === "array") {
    const items = asRecord(schema.items);
    const inner = items && depth < 2 ? compactType(items, depth + 1) : "any";
    return inner.includes("|") ? `(${inner})[]` : `${inner}[]`;
  }
  if (typeof type === "string") return type;
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options) && depth < 2) {
      return options.map((o) => compactType(asRecord(o) ?? {}, depth + 1)).join("|");
    }
  }
  return "any";
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
