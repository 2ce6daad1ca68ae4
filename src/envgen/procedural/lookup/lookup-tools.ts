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
 * order), names matched case-insensitively (the first row that matches), an unknown name an
 * error. Written for load time, the sandbox's main cost of a fresh environment: QuickJS
 * compiles all of the code at each load, a nested function costing about three statements, so
 * the tool is one function of a few statements (a one-field tool builds its answer as one
 * literal). What a call with valid arguments (ToolEnvironment checks them first) returns or
 * throws is what the longer code this replaced gave: tool-code-compat.test.ts runs both.
 */
export function lookupCode(impl: LookupImplementation, rows: readonly JsonValue[][]): string {
  const fields = impl.fieldMode === "fixed" ? "" : `F = ${JSON.stringify(impl.fields)}, `;
  const pick =
    impl.fieldMode === "fixed"
      ? `const o = { ${[impl.kind, ...impl.fields].map((f, i) => `${JSON.stringify(f)}: r[${i}]`).join(", ")} };`
      : `const o = { ${impl.kind}: r[0] }; ${
          impl.fieldMode === "enum"
            ? "o[args.field] = r[F.indexOf(args.field) + 1];"
            : "for (const f of args.fields) o[f] = r[F.indexOf(f) + 1];"
        }`;
  const notFound = (name: string) =>
    `throw new Error("no ${impl.kind} named " + JSON.stringify(${name}));`;
  const head = `function ${impl.name}(args) {\nconst ${fields}R = ${JSON.stringify(rows)};\n`;
  if (impl.keyMode === "string") {
    const found = impl.responseFormat
      ? `if (args.response_format !== "text") return o; ${lineOf("o", "line")} return line;`
      : "return o;";
    return `${head}const k = String(args.${impl.kind}).trim().toLowerCase();
for (const r of R) if (r[0].toLowerCase() === k) { ${pick} ${found} }
${notFound(`args.${impl.kind}`)}
}`;
  }
  // The names in order, the first unknown one an error: what `names.map(one)` did.
  const all = `const out = [];
next: for (const n of args.${KIND_PLURALS[impl.kind]}) { const k = String(n).trim().toLowerCase(); for (const r of R) if (r[0].toLowerCase() === k) { ${pick} out.push(o); continue next; } ${notFound("n")} }
`;
  if (!impl.responseFormat) return `${head}${all}return out;\n}`;
  return `${head}${all}if (args.response_format !== "text") return out;
const lines = []; for (const o of out) { ${lineOf("o", "line")} lines.push(line); }
return lines.join("\\n");
}`;
}

/** Statements that declare `line`, the text of answer `o`: "field: value; …". */
function lineOf(o: string, line: string): string {
  return `const p = []; for (const f of Object.keys(${o})) { const v = ${o}[f]; p.push(f + ": " + (v !== null && typeof v === "object" ? v.amount + " " + v.currency : v)); } const ${line} = p.join("; ");`;
}
