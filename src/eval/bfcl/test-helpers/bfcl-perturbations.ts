/**
 * Systematic perturbations of BFCL ground-truth calls, each with the verdict BFCL's AST rules
 * give it. Shared by the tests and by the cross-check against BFCL's own Python checker.
 */
import type { BfclCategory, BfclEntry } from "../../../datasets/index.js";
import {
  type BfclErrorType,
  type BfclPredictedCall,
  bfclTypeOf,
  PYTHON_TYPE,
  PyFloat,
  parsePyJson,
  pyIn,
  pyType,
  standardizeString,
  stringifyPyJson,
} from "../../../reward/index.js";
import { bfclOracleCalls } from "../bfcl-oracle-calls.js";

export interface DecodedOracleCall {
  name: string;
  args: Record<string, unknown>;
}

export interface Perturbation {
  name: string;
  /** The perturbed calls, or undefined where the perturbation does not apply. */
  apply(entry: BfclEntry, calls: DecodedOracleCall[]): BfclPredictedCall[] | undefined;
  /** BFCL's verdict: "ok" or its error type. */
  expected(category: BfclCategory): "ok" | BfclErrorType;
}

export function decodedOracleCalls(entry: BfclEntry): DecodedOracleCall[] {
  return bfclOracleCalls(entry).map((call) => ({
    name: call.function.name,
    args: parsePyJson(call.function.arguments) as Record<string, unknown>,
  }));
}

export const encode = (calls: DecodedOracleCall[]): BfclPredictedCall[] =>
  calls.map((call) => ({ name: call.name, arguments: stringifyPyJson(call.args) }));

const isParallel = (category: BfclCategory) => category.includes("parallel");

/** The error of one bad call: in parallel categories it shows as "no match for a gold call". */
const callError =
  (reason: BfclErrorType) =>
  (category: BfclCategory): BfclErrorType =>
    isParallel(category) ? "parallel_function_checker_no_order:cannot_find_match" : reason;

const wrongCount = (category: BfclCategory): BfclErrorType =>
  isParallel(category)
    ? "parallel_function_checker_no_order:wrong_count"
    : category.includes("multiple")
      ? "multiple_function_checker:wrong_count"
      : "simple_function_checker:wrong_count";

function schemaOf(entry: BfclEntry, name: string) {
  const parameters = entry.tools.find((t) => t.function.name === name)?.function.parameters as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return { properties: parameters.properties ?? {}, required: parameters.required ?? [] };
}

/** Every allowed value any gold call of `name` lists for `param`. */
function allowedAnywhere(entry: BfclEntry, name: string, param: string): unknown[] {
  return entry.groundTruth.flatMap((gold) =>
    gold.name === name ? (gold.params[param] ?? []) : [],
  );
}

/**
 * The first parameter of call 0 declared `types`, whose allowed values have that type too (not
 * BFCL's "variable" case), with its value.
 */
function firstParam(entry: BfclEntry, call: DecodedOracleCall, types: string[]) {
  const { properties } = schemaOf(entry, call.name);
  for (const [param, value] of Object.entries(call.args)) {
    const type = bfclTypeOf(properties[param]);
    if (type === undefined || !types.includes(type)) continue;
    const first = entry.groundTruth[0].params[param]?.find((v) => v !== "");
    if (pyType(first) !== PYTHON_TYPE[type]) continue;
    return { param, value, type };
  }
  return undefined;
}

/** Call 0 changed by `edit`; undefined when `edit` finds nothing to change. */
function onFirstCall(
  edit: (entry: BfclEntry, call: DecodedOracleCall) => DecodedOracleCall | undefined,
) {
  return (entry: BfclEntry, calls: DecodedOracleCall[]) => {
    const changed = edit(entry, calls[0]);
    return changed === undefined ? undefined : encode([changed, ...calls.slice(1)]);
  };
}

function setArg(call: DecodedOracleCall, param: string, value: unknown): DecodedOracleCall {
  return { name: call.name, args: { ...call.args, [param]: value } };
}

function dropArg(call: DecodedOracleCall, param: string): DecodedOracleCall {
  const { [param]: _, ...args } = call.args;
  return { name: call.name, args };
}

const numberOf = (v: unknown) => (v instanceof PyFloat ? v.value : (v as number));

export const PERTURBATIONS: Perturbation[] = [
  {
    name: "wrong function name",
    apply: onFirstCall((_, call) => ({ ...call, name: `${call.name}_v2` })),
    expected: callError("simple_function_checker:wrong_func_name"),
  },
  {
    name: "missing required parameter",
    apply: onFirstCall((entry, call) => {
      const param = schemaOf(entry, call.name).required.find((p) => Object.hasOwn(call.args, p));
      return param === undefined ? undefined : dropArg(call, param);
    }),
    expected: callError("simple_function_checker:missing_required"),
  },
  {
    name: "unknown parameter added",
    apply: onFirstCall((_, call) => setArg(call, "zz_not_a_param", 1)),
    expected: callError("simple_function_checker:unexpected_param"),
  },
  {
    name: "optional parameter left out where allowed",
    apply: onFirstCall((entry, call) => {
      const { required } = schemaOf(entry, call.name);
      const param = Object.keys(call.args).find(
        (p) => !required.includes(p) && pyIn(entry.groundTruth[0].params[p], ""),
      );
      return param === undefined ? undefined : dropArg(call, param);
    }),
    expected: () => "ok",
  },
  {
    name: "optional parameter left out where the ground truth needs it",
    apply: onFirstCall((entry, call) => {
      const { required } = schemaOf(entry, call.name);
      const param = Object.keys(call.args).find(
        (p) => !required.includes(p) && !pyIn(entry.groundTruth[0].params[p], ""),
      );
      return param === undefined ? undefined : dropArg(call, param);
    }),
    expected: callError("simple_function_checker:missing_optional"),
  },
  {
    name: "wrong value: string",
    apply: onFirstCall((entry, call) => {
      const found = firstParam(entry, call, ["string"]);
      if (found === undefined) return undefined;
      const wrong = `${found.value} qqq`;
      const allowed = allowedAnywhere(entry, call.name, found.param);
      const taken = allowed.some(
        (a) => typeof a === "string" && standardizeString(a) === standardizeString(wrong),
      );
      return taken ? undefined : setArg(call, found.param, wrong);
    }),
    expected: callError("value_error:string"),
  },
  {
    name: "wrong value: number",
    apply: onFirstCall((entry, call) => {
      const found = firstParam(entry, call, ["integer", "float"]);
      if (found === undefined) return undefined;
      const n = numberOf(found.value);
      const wrong = found.type === "integer" ? n + 1000 : n + 1000.25;
      return pyIn(allowedAnywhere(entry, call.name, found.param), wrong)
        ? undefined
        : setArg(call, found.param, wrong);
    }),
    expected: callError("value_error:others"),
  },
  {
    name: "wrong value: boolean",
    apply: onFirstCall((entry, call) => {
      const found = firstParam(entry, call, ["boolean"]);
      if (found === undefined) return undefined;
      const wrong = !found.value;
      return pyIn(allowedAnywhere(entry, call.name, found.param), wrong)
        ? undefined
        : setArg(call, found.param, wrong);
    }),
    expected: callError("value_error:others"),
  },
  {
    name: "wrong type: integer written as a string",
    apply: onFirstCall((entry, call) => {
      const found = firstParam(entry, call, ["integer"]);
      return found && setArg(call, found.param, String(found.value));
    }),
    expected: callError("type_error:simple"),
  },
  {
    name: "wrong type: a float for an integer",
    apply: onFirstCall((entry, call) => {
      const found = firstParam(entry, call, ["integer"]);
      return found && setArg(call, found.param, numberOf(found.value) + 0.5);
    }),
    expected: callError("type_error:simple"),
  },
  {
    name: "wrong type: an integral float (5.0) for an integer",
    apply: onFirstCall((entry, call) => {
      const found = firstParam(entry, call, ["integer"]);
      return found && setArg(call, found.param, new PyFloat(numberOf(found.value)));
    }),
    expected: callError("type_error:simple"),
  },
  {
    name: "wrong type: a number for a string",
    apply: onFirstCall((entry, call) => {
      const found = firstParam(entry, call, ["string"]);
      return found && setArg(call, found.param, 42);
    }),
    expected: callError("type_error:simple"),
  },
  {
    name: "an int where a float is declared is accepted",
    apply: onFirstCall((entry, call) => {
      const found = firstParam(entry, call, ["float"]);
      if (found === undefined || !Number.isInteger(numberOf(found.value))) return undefined;
      return setArg(call, found.param, numberOf(found.value));
    }),
    expected: () => "ok",
  },
  {
    name: "string case and punctuation are ignored",
    apply: onFirstCall((entry, call) => {
      const found = firstParam(entry, call, ["string"]);
      if (found === undefined) return undefined;
      const variant = (found.value as string).toUpperCase().replaceAll(" ", "_");
      const same = standardizeString(variant) === standardizeString(found.value as string);
      return variant !== found.value && same ? setArg(call, found.param, variant) : undefined;
    }),
    expected: () => "ok",
  },
  {
    name: "dots in names sent as underscores",
    apply: (_, calls) =>
      calls.some((c) => c.name.includes("."))
        ? encode(calls.map((c) => ({ ...c, name: c.name.replaceAll(".", "_") })))
        : undefined,
    expected: () => "ok",
  },
  {
    name: "arguments that are not JSON",
    apply: (_, calls) => [{ name: calls[0].name, arguments: "{" }, ...encode(calls.slice(1))],
    expected: () => "ast_decoder:decoder_failed",
  },
  {
    name: "an extra call",
    apply: (_, calls) => encode([...calls, calls[0]]),
    expected: wrongCount,
  },
  {
    name: "no call",
    apply: () => [],
    expected: wrongCount,
  },
  {
    name: "a parallel call missing",
    apply: (_, calls) => (calls.length > 1 ? encode(calls.slice(0, -1)) : undefined),
    expected: wrongCount,
  },
  {
    name: "parallel calls reordered",
    apply: (_, calls) => (calls.length > 1 ? encode([...calls].reverse()) : undefined),
    expected: () => "ok",
  },
];
