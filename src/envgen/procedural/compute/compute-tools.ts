import type { JsonObject, JsonValue, ToolFamily } from "../../stages/stage-types.js";
import { computeOp } from "./compute-ops.js";
import { COMPUTE_OPTIONS, type ComputeOptionName } from "./compute-options.js";
import { BASE_TOOLS, GENERAL_TOOLS, NEAR_OPS, OBJECT_FORMS } from "./compute-tool-catalog.js";

/**
 * A compute tool, as the JSON its document carries (`ToolDocument.implementation`): which ops
 * it serves (keyed by the value of its selector parameter, or "" when it has none), where each
 * op's canonical inputs sit in the arguments (`paths`: "amount", "money.amount", "operands.0",
 * "items[].value"), its parameters, and the options it exposes. Spec, gold-call arguments and
 * deployed code are all derived from it, so later stages rewrite a tool by editing this.
 */
export type ComputeImplementation = {
  template: "compute";
  name: string;
  description: string;
  family: ToolFamily;
  selector: string | null;
  ops: Record<string, string>;
  paths: Record<string, Record<string, string>>;
  params: Record<string, JsonObject>;
  required: string[];
  options: ComputeOptionName[];
  /** The gold call spells out the exposed options' defaults instead of omitting them. */
  explicitDefaults: boolean;
};

const baseTools = new Map<string, ComputeImplementation>();

/** The plain tool of one op. Shared, so never mutate it: later stages derive changed copies. */
export function baseComputeTool(op: string): ComputeImplementation {
  let tool = baseTools.get(op);
  if (tool === undefined) baseTools.set(op, (tool = makeBaseComputeTool(op)));
  return tool;
}

function makeBaseComputeTool(op: string): ComputeImplementation {
  const def = computeOp(op);
  const base = BASE_TOOLS[op];
  return {
    template: "compute",
    name: base.name,
    description: base.description,
    family: def.family,
    selector: null,
    ops: { "": op },
    paths: { [op]: Object.fromEntries(Object.keys(def.params).map((k) => [k, k])) },
    params: { ...def.params },
    required: Object.keys(def.params),
    options: [],
    explicitDefaults: false,
  };
}

/** The near-duplicate of a plan op's tool, or undefined when it has none. */
export function nearComputeTool(op: string): ComputeImplementation | undefined {
  const near = NEAR_OPS[op];
  return near === undefined ? undefined : baseComputeTool(near);
}

/** Functional generalization: the broader tool that also serves `op`, or undefined. */
export function generalComputeTool(op: string): ComputeImplementation | undefined {
  const general = GENERAL_TOOLS.find((g) => op in g.paths);
  if (general === undefined) return undefined;
  return {
    template: "compute",
    name: general.name,
    description: general.description,
    family: computeOp(op).family,
    selector: general.selector,
    ops: general.ops,
    paths: general.paths,
    params: {
      ...general.params,
      [general.selector]: {
        type: "string",
        enum: Object.keys(general.ops),
        description: `One of: ${Object.keys(general.ops).join(", ")}`,
      },
    },
    required: [...Object.keys(general.params), general.selector],
    options: [],
    explicitDefaults: false,
  };
}

/** Parameter type generalization: the object/array form of a base tool, or undefined. */
export function objectFormComputeTool(
  impl: ComputeImplementation,
): ComputeImplementation | undefined {
  if (impl.selector !== null) return undefined;
  const op = impl.ops[""];
  const form = OBJECT_FORMS[op];
  if (form === undefined) return undefined;
  const options = Object.fromEntries(impl.options.map((o) => [o, impl.params[o]]));
  return {
    ...impl,
    paths: { [op]: form.paths },
    params: { ...form.params, ...options },
    required: Object.keys(form.params),
  };
}

/** The options of a tool's ops that belong to `strategy` and are not exposed yet. */
export function availableOptions(
  impl: ComputeImplementation,
  strategy: "expansion" | "format",
): ComputeOptionName[] {
  const names = new Set<ComputeOptionName>();
  for (const op of Object.values(impl.ops))
    for (const option of computeOp(op).options)
      if (COMPUTE_OPTIONS[option].strategy === strategy && !impl.options.includes(option))
        names.add(option);
  return [...names];
}

/** The tool with `options` exposed as optional parameters (their defaults keep its behaviour). */
export function withOptions(
  impl: ComputeImplementation,
  options: readonly ComputeOptionName[],
  explicitDefaults: boolean,
): ComputeImplementation {
  const params = { ...impl.params };
  for (const option of options) params[option] = { ...COMPUTE_OPTIONS[option].schema };
  return {
    ...impl,
    params,
    options: [...impl.options, ...options],
    explicitDefaults: impl.explicitDefaults || explicitDefaults,
  };
}

/** The gold call's arguments for `op` on canonical `inputs`. */
export function computeArguments(
  impl: ComputeImplementation,
  op: string,
  inputs: JsonObject,
): JsonObject {
  const args: JsonObject = {};
  const paths = impl.paths[op];
  if (paths === undefined) throw new RangeError(`${impl.name} does not serve ${op}`);
  for (const [canonical, path] of Object.entries(paths)) {
    if (inputs[canonical] !== undefined) setPath(args, path, inputs[canonical]);
  }
  if (impl.selector !== null) {
    const value = Object.keys(impl.ops).find((key) => impl.ops[key] === op)!;
    args[impl.selector] = value;
  }
  if (impl.explicitDefaults)
    for (const option of impl.options) args[option] = COMPUTE_OPTIONS[option].default;
  return args;
}

function setPath(target: JsonObject, path: string, value: JsonValue): void {
  const array = path.indexOf("[].");
  if (array >= 0) {
    const key = path.slice(0, array);
    const field = path.slice(array + 3);
    const list = (target[key] ??= []) as JsonObject[];
    (value as JsonValue[]).forEach((item, i) => {
      list[i] ??= {};
      list[i][field] = item;
    });
    return;
  }
  const keys = path.split(".");
  let node: JsonObject | JsonValue[] = target;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const next = /^\d+$/.test(keys[i + 1] ?? "") ? [] : {};
    if (Array.isArray(node)) {
      const index = Number(key);
      if (last) node[index] = value;
      else node = (node[index] ??= next) as JsonObject | JsonValue[];
    } else {
      if (last) node[key] = value;
      else node = (node[key] ??= next) as JsonObject | JsonValue[];
    }
  });
}
