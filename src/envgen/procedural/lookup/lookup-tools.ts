import type { JsonObject, JsonValue, ToolFamily } from "../../stages/stage-types.js";
import { type EntityKind, FIELDS, type FieldDef, KIND_PLURALS } from "../world/entity-fields.js";

/**
 * A look-up tool, as the JSON its document carries: the entity kind, the fields it answers
 * (real or near-duplicate ones), and how it takes them — one fixed field, a `field` enum, or a
 * `fields` array; one name or an array of names. Spec, gold arguments and code derive from it.
 */
export type LookupImplementation = {
  template: "lookup";
  name: string;
  description: string;
  family: ToolFamily;
  kind: EntityKind;
  fields: string[];
  fieldMode: "fixed" | "enum" | "array";
  keyMode: "string" | "array";
  /** Parameter expansion: `response_format` ("json" | "text", default "json"). */
  responseFormat: boolean;
  explicitDefaults: boolean;
};

interface FieldInfo {
  def: FieldDef;
  doc: string;
  near: boolean;
}

const FIELD_INFO = new Map<string, FieldInfo>();
for (const def of FIELDS) {
  FIELD_INFO.set(`${def.kind}.${def.field}`, { def, doc: def.doc, near: false });
  FIELD_INFO.set(`${def.kind}.${def.near.field}`, { def, doc: def.near.doc, near: true });
}

function info(kind: EntityKind, field: string): FieldInfo {
  const found = FIELD_INFO.get(`${kind}.${field}`);
  if (found === undefined) throw new RangeError(`no field ${kind}.${field}`);
  return found;
}

const fieldTools = new Map<string, LookupImplementation>();

/**
 * The one-field tool of a step's capability (`country.population` → get_country_population).
 * Shared, so never mutate it: later stages derive changed copies.
 */
export function fieldLookupTool(kind: EntityKind, field: string): LookupImplementation {
  const key = `${kind}.${field}`;
  let tool = fieldTools.get(key);
  if (tool === undefined) fieldTools.set(key, (tool = makeFieldLookupTool(kind, field)));
  return tool;
}

function makeFieldLookupTool(kind: EntityKind, field: string): LookupImplementation {
  const { def, doc } = info(kind, field);
  return {
    template: "lookup",
    name: `get_${kind}_${field}`,
    description: doc,
    family: def.type === "ref" ? "relation" : "lookup",
    kind,
    fields: [field],
    fieldMode: "fixed",
    keyMode: "string",
    responseFormat: false,
    explicitDefaults: false,
  };
}

/** One tool for several fields of a kind: `get_<kind>_info(<kind>, field)`. */
export function infoLookupTool(kind: EntityKind, fields: readonly string[]): LookupImplementation {
  const labels = fields.map((f) => info(kind, f).def.label);
  const refs = fields.every((f) => info(kind, f).def.type === "ref");
  return {
    template: "lookup",
    name: `get_${kind}_info`,
    description: `Look up facts about a ${kind}: ${labels.join(", ")}.`,
    family: refs ? "relation" : "lookup",
    kind,
    fields: [...fields],
    fieldMode: "enum",
    keyMode: "string",
    responseFormat: false,
    explicitDefaults: false,
  };
}

export function lookupParameters(impl: LookupImplementation): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  if (impl.keyMode === "string") {
    properties[impl.kind] = { type: "string", description: `Name of the ${impl.kind}` };
    required.push(impl.kind);
  } else {
    const plural = KIND_PLURALS[impl.kind];
    properties[plural] = {
      type: "array",
      items: { type: "string" },
      minItems: 1,
      description: `Names of the ${plural}`,
    };
    required.push(plural);
  }
  if (impl.fieldMode === "enum") {
    properties.field = { type: "string", enum: impl.fields, description: "Which fact to return" };
    required.push("field");
  } else if (impl.fieldMode === "array") {
    properties.fields = {
      type: "array",
      items: { type: "string", enum: impl.fields },
      minItems: 1,
      uniqueItems: true,
      description: "Which facts to return",
    };
    required.push("fields");
  }
  if (impl.responseFormat)
    properties.response_format = {
      type: "string",
      enum: ["json", "text"],
      default: "json",
      description: "Answer as a JSON object or as one line of text (default json)",
    };
  return { type: "object", properties, required, additionalProperties: false };
}

/** The gold call's arguments: look up `field` of the entity named `name`. */
export function lookupArguments(
  impl: LookupImplementation,
  field: string,
  name: string,
): JsonObject {
  const args: JsonObject =
    impl.keyMode === "string" ? { [impl.kind]: name } : { [KIND_PLURALS[impl.kind]]: [name] };
  if (impl.fieldMode === "enum") args.field = field;
  if (impl.fieldMode === "array") args.fields = [field];
  if (impl.responseFormat && impl.explicitDefaults) args.response_format = "json";
  return args;
}

/**
 * The deployed code: the rows embedded as arrays (the entity's name, then the tool's fields in
 * order — compact, since code size is load time in the sandbox), names matched
 * case-insensitively, an unknown name an error.
 */
export function lookupCode(impl: LookupImplementation, rows: readonly JsonValue[][]): string {
  const key = impl.keyMode === "string" ? impl.kind : KIND_PLURALS[impl.kind];
  const selected =
    impl.fieldMode === "fixed"
      ? "FIELDS"
      : impl.fieldMode === "enum"
        ? "[args.field]"
        : "args.fields";
  const result = impl.keyMode === "string" ? `one(args.${key})` : `args.${key}.map(one)`;
  const text = impl.responseFormat
    ? `
  function line(o) {
    return Object.keys(o).map(function (k) {
      const v = o[k];
      return k + ": " + (v !== null && typeof v === "object" ? v.amount + " " + v.currency : v);
    }).join("; ");
  }
  const result = ${result};
  if (args.response_format === "text") return Array.isArray(result) ? result.map(line).join("\\n") : line(result);
  return result;`
    : `
  return ${result};`;
  return `function ${impl.name}(args) {
  const FIELDS = ${JSON.stringify(impl.fields)};
  const ROWS = ${JSON.stringify(rows)};
  function one(name) {
    const key = String(name).trim().toLowerCase();
    const row = ROWS.find(function (r) { return r[0].toLowerCase() === key; });
    if (row === undefined) throw new Error("no ${impl.kind} named " + JSON.stringify(name));
    const out = { ${impl.kind}: row[0] };
    for (const f of ${selected}) out[f] = row[FIELDS.indexOf(f) + 1];
    return out;
  }${text}
}`;
}
