import type { JsonSchema, ToolSpec } from "../records/message.js";

/** A function as the Berkeley Function Calling Leaderboard writes it (Python-flavoured types). */
export interface BfclFunction {
  name: string;
  description?: string;
  parameters: BfclSchema;
}
export interface BfclSchema {
  type?: string;
  description?: string;
  properties?: Record<string, BfclSchema>;
  required?: string[];
  items?: BfclSchema;
  enum?: unknown[];
  default?: unknown;
  [key: string]: unknown;
}

/** BFCL's type names → JSON Schema's. `any` has no JSON Schema type: it accepts everything. */
const TYPE_MAP: Record<string, string | undefined> = {
  dict: "object",
  float: "number",
  integer: "integer",
  int: "integer",
  string: "string",
  str: "string",
  boolean: "boolean",
  bool: "boolean",
  array: "array",
  list: "array",
  tuple: "array",
  any: undefined,
};

/** Converts one BFCL schema node (recursively) to JSON Schema. */
export function bfclSchemaToJsonSchema(node: BfclSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "type") {
      const mapped = typeof value === "string" ? TYPE_MAP[value] : undefined;
      if (typeof value === "string" && !(value in TYPE_MAP)) out.type = value;
      else if (mapped !== undefined) out.type = mapped;
    } else if (key === "properties" && value && typeof value === "object") {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, BfclSchema>).map(([k, v]) => [
          k,
          bfclSchemaToJsonSchema(v),
        ]),
      );
    } else if (key === "items" && value && typeof value === "object") {
      out.items = bfclSchemaToJsonSchema(value as BfclSchema);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function fromBfclFunction(fn: BfclFunction): ToolSpec {
  return {
    type: "function",
    function: {
      name: fn.name,
      description: fn.description ?? "",
      parameters: bfclSchemaToJsonSchema(fn.parameters),
    },
  };
}

/** JSON Schema → BFCL's dialect (`object` → `dict`, `number` → `float`). */
export function toBfclFunction(spec: ToolSpec): BfclFunction {
  const back = (node: JsonSchema): BfclSchema => {
    const out: BfclSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "type")
        out.type = value === "object" ? "dict" : value === "number" ? "float" : (value as string);
      else if (key === "properties" && value && typeof value === "object")
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, back(v)]),
        );
      else if (key === "items" && value && typeof value === "object")
        out.items = back(value as JsonSchema);
      else out[key] = value;
    }
    if (out.type === undefined && node.properties === undefined && node.items === undefined)
      out.type = "any";
    return out;
  };
  return {
    name: spec.function.name,
    description: spec.function.description,
    parameters: back(spec.function.parameters),
  };
}
