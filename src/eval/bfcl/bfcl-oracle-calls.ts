import type { ToolCall } from "../../core/index.js";
import type { BfclEntry } from "../../datasets/index.js";
import {
  bfclTypeOf,
  checkBfclParam,
  findTool,
  pyType,
  stringifyPyJson,
} from "../../reward/index.js";

/**
 * The calls an oracle makes for a BFCL entry: the ground truth replayed, one call per gold call,
 * in order. Each parameter takes the first of its allowed values that BFCL's check accepts,
 * where `""` (BFCL's "may be omitted") means leaving the parameter out. Some records need more
 * than the first value:
 * - a parameter the function requires cannot be left out: it takes its first allowed value that
 *   is not `""` (simple_python_200 lists `["", 25.0]` for a required parameter), and when `""`
 *   is all it allows, a value that passes for `""` — the empty string for a string, `[]` for an
 *   array;
 * - a parameter the function does not declare is left out, as BFCL rejects it as unexpected
 *   (parallel_multiple_26 allows `type: ["credit", ""]` for a function without `type`);
 * - a dict parameter's allowed value is itself a ground truth one level down — `{key: [allowed…]}`,
 *   as BFCL's dict checker reads it — so it is replayed the same way, key by key, and so is each
 *   dict of an array of dicts.
 * Where no allowed value passes (the entry cannot be answered under BFCL's rules) the first one
 * is sent anyway, and the checker says why. Arguments are written with `stringifyPyJson`, so a
 * float stays a float (`25.0`). Entries without a ground truth (irrelevance, relevance) get no call.
 */
export function bfclOracleCalls(entry: Pick<BfclEntry, "tools" | "groundTruth">): ToolCall[] {
  return entry.groundTruth.map((gold, i) => {
    const parameters = findTool(entry.tools, gold.name)?.function.parameters as
      | { properties?: Record<string, unknown>; required?: string[] }
      | undefined;
    const properties = parameters?.properties ?? {};
    const required = new Set(parameters?.required ?? []);
    const args: Record<string, unknown> = {};
    for (const [param, allowed] of Object.entries(gold.params)) {
      if (!Object.hasOwn(properties, param)) continue;
      const value = oracleValue({
        param,
        allowed,
        schema: properties[param],
        required: required.has(param),
      });
      if (value !== OMIT) args[param] = value;
    }
    return {
      id: `oracle_${i}`,
      type: "function",
      function: { name: gold.name, arguments: stringifyPyJson(args) },
    };
  });
}

const OMIT = Symbol("omit");

function oracleValue(options: {
  param: string;
  allowed: readonly unknown[];
  schema: unknown;
  required: boolean;
}): unknown {
  const { param, allowed, schema, required } = options;
  const passes = (value: unknown) => checkBfclParam({ param, value, schema, allowed }).correct;
  // A required parameter sends `""` only when nothing else is allowed.
  const order = required
    ? [...allowed.filter((value) => value !== ""), ...allowed.filter((value) => value === "")]
    : allowed;
  for (const answer of order) {
    const candidates =
      answer !== "" ? [concretize(answer, schema), answer] : required ? ["", []] : [OMIT];
    const found = candidates.find((value) => value === OMIT || passes(value));
    if (found !== undefined) return found;
  }
  const first = allowed.find((value) => value !== "");
  if (first !== undefined) return concretize(first, schema);
  return required ? "" : OMIT;
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
