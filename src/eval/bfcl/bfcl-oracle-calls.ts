import type { ToolCall } from "../../core/index.js";
import type { BfclEntry } from "../../datasets/index.js";
import { bfclTypeOf, pyType, stringifyPyJson } from "../../reward/index.js";

/**
 * The calls an oracle makes for a BFCL entry: the ground truth replayed, one call per gold call,
 * each parameter set to its first allowed value and left out when that value is `""` (BFCL's
 * "may be omitted"). Three refinements keep every call valid under BFCL's own rules, which some
 * records need:
 * - a parameter the function requires is never left out: it takes its first allowed value that
 *   is not `""` (simple_python_200 lists `["", 25.0]` for a required parameter);
 * - a parameter the function does not declare is left out, as BFCL rejects it as unexpected
 *   (parallel_multiple_26 allows `type: ["credit", ""]` for a function without `type`);
 * - a dict parameter's allowed value is itself a ground truth one level down — `{key: [allowed…]}`,
 *   as BFCL's dict checker reads it — so it is replayed the same way, key by key, and so is each
 *   dict of an array of dicts.
 * Arguments are written with `stringifyPyJson`, so a float stays a float (`25.0`).
 */
export function bfclOracleCalls(entry: Pick<BfclEntry, "tools" | "groundTruth">): ToolCall[] {
  return entry.groundTruth.map((gold, i) => {
    const parameters = entry.tools.find((tool) => tool.function.name === gold.name)?.function
      .parameters as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    const properties = parameters?.properties ?? {};
    const required = new Set(parameters?.required ?? []);
    const args: Record<string, unknown> = {};
    for (const [param, allowed] of Object.entries(gold.params)) {
      if (!Object.hasOwn(properties, param)) continue;
      const value = required.has(param) ? allowed.find((v) => v !== "") : allowed[0];
      if (value === undefined || value === "") continue;
      args[param] = concretize(value, properties[param]);
    }
    return {
      id: `oracle_${i}`,
      type: "function",
      function: { name: gold.name, arguments: stringifyPyJson(args) },
    };
  });
}

/** A dict's allowed-values structure → a dict of first allowed values (`""` = key left out). */
function concretize(value: unknown, schema: unknown): unknown {
  const type = bfclTypeOf(schema);
  if (type === "dict" && isDict(value)) return firstOfEach(value);
  const items = (schema as { items?: unknown } | undefined)?.items;
  if ((type === "array" || type === "tuple") && items !== undefined && bfclTypeOf(items) === "dict")
    return Array.isArray(value)
      ? value.map((item) => (isDict(item) ? firstOfEach(item) : item))
      : value;
  return value;
}

function firstOfEach(structure: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, allowed] of Object.entries(structure)) {
    const first = Array.isArray(allowed) ? allowed[0] : allowed;
    if (first !== "" && first !== undefined) out[key] = first;
  }
  return out;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return pyType(value) === "dict";
}
