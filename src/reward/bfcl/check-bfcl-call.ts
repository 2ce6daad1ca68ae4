import type { ToolSpec } from "../../core/index.js";
import {
  BFCL_OK,
  type BfclCheck,
  type BfclGoldCall,
  type BfclPredictedCall,
  bfclError,
} from "./bfcl-types.js";
import { bfclTypeOf, PYTHON_TYPE, typeCheck } from "./param-type.js";
import { PyFloat, parsePyJson, pyIn, pyType, stringifyPyJson } from "./py-json.js";
import { dictCheck, listCheck, listDictCheck, stringCheck } from "./value-checks.js";

/** A predicted call whose arguments are already decoded (JSON as Python reads it). */
export interface DecodedCall {
  name: string;
  args: Readonly<Record<string, unknown>>;
}

/**
 * Reads a predicted call's arguments (JSON as Python reads it). Blank arguments are `{}`, as
 * OpenAI-compatible servers send them for calls without parameters. Arguments that are not a
 * JSON object give the reason instead: the call cannot be judged (BFCL: decoder failed).
 */
export function decodeBfclCall(call: BfclPredictedCall): DecodedCall | { error: string } {
  if (typeof call.arguments !== "string") return { name: call.name, args: call.arguments };
  if (call.arguments.trim() === "") return { name: call.name, args: {} };
  let args: unknown;
  try {
    args = parsePyJson(call.arguments);
  } catch (error) {
    return {
      error: `arguments of "${call.name}" are not valid JSON (${(error as Error).message})`,
    };
  }
  if (pyType(args) !== "dict")
    return { error: `arguments of "${call.name}" are not a JSON object` };
  return { name: call.name, args: args as Record<string, unknown> };
}

/**
 * BFCL's `simple_function_checker`: does one decoded call match one gold call?
 *
 * In BFCL's order: the function name; every required parameter present; each given parameter
 * declared by the function and by the ground truth, of the right type, with an allowed value
 * (strings, lists and dicts normalized); every gold parameter left out allowed to be (`""`).
 *
 * The name is the described function's (BFCL takes it from the description, not the gold
 * call), or that name with `.` replaced by `_`: OpenAI-style APIs
 * refuse dots in tool names (`math.factorial` is sent as `math_factorial`), and BFCL itself
 * accepts the underscored name for such models.
 *
 * @example
 * const tool = { type: "function" as const, function: { name: "math.factorial", description: "",
 *   parameters: { type: "object", properties: { number: { type: "integer" } }, required: ["number"] } } };
 * const gold = { name: "math.factorial", params: { number: [5] } };
 * checkBfclCall({ tool, gold, call: { name: "math_factorial", args: { number: 5 } } }); // { correct: true }
 * checkBfclCall({ tool, gold, call: { name: "math.factorial", args: { number: "5" } } });
 * // { correct: false, reason: "type_error:simple", … }
 */
export function checkBfclCall(options: {
  /**
   * The function described to the model that the call is judged against (BFCL: the one the gold
   * call names, or in simple categories the first); undefined if there is none: nothing is then
   * declared, and the gold call's name is expected.
   */
  tool: ToolSpec | undefined;
  gold: BfclGoldCall;
  call: DecodedCall;
}): BfclCheck {
  const { tool, gold, call } = options;
  const name = tool?.function.name ?? gold.name;
  if (call.name !== name && call.name !== name.replaceAll(".", "_"))
    return bfclError(
      "simple_function_checker:wrong_func_name",
      `expected function "${name}", got "${call.name}"`,
    );
  const schema = (tool?.function.parameters ?? {}) as {
    properties?: Record<string, unknown>;
    required?: unknown;
  };
  const properties = schema.properties ?? {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const param of required) {
    if (!Object.hasOwn(call.args, param))
      return bfclError(
        "simple_function_checker:missing_required",
        `missing required parameter "${param}"`,
      );
  }
  for (const [param, given] of Object.entries(call.args)) {
    if (!Object.hasOwn(properties, param) || !Object.hasOwn(gold.params, param))
      return bfclError(
        "simple_function_checker:unexpected_param",
        `unexpected parameter "${param}"`,
      );
    const check = checkBfclParam({
      param,
      value: given,
      schema: properties[param],
      allowed: gold.params[param],
    });
    if (!check.correct) return check;
  }
  for (const [param, allowed] of Object.entries(gold.params)) {
    if (!Object.hasOwn(call.args, param) && !pyIn(allowed, ""))
      return bfclError(
        "simple_function_checker:missing_optional",
        `parameter "${param}" left out but the ground truth requires it`,
      );
  }
  return BFCL_OK;
}

/**
 * The per-parameter part of `checkBfclCall`: is `value` an accepted value of a parameter
 * declared `schema` whose ground truth allows `allowed`? (BFCL: type check with its "variable"
 * case, then the string, list, dict or list-of-dicts check, else Python `in`.)
 *
 * @example
 * checkBfclParam({ param: "unit", value: "Celsius", schema: { type: "string" }, allowed: ["celsius", ""] })
 * // { correct: true }
 */
export function checkBfclParam(options: {
  param: string;
  value: unknown;
  schema: unknown;
  allowed: readonly unknown[];
}): BfclCheck {
  const { param, value: given, schema, allowed } = options;
  const typeName = bfclTypeOf(schema);
  if (typeName === undefined)
    return pyIn(allowed, given) ? BFCL_OK : valueError(param, given, allowed);
  const expected = PYTHON_TYPE[typeName];
  // BFCL reads `items.type` of arrays and tuples; without `items` there is no item rule.
  const items = (schema as { items?: unknown }).items;
  const itemType =
    (typeName === "array" || typeName === "tuple") && items !== undefined
      ? bfclTypeOf(items)
      : undefined;
  const nested = itemType === undefined ? null : PYTHON_TYPE[itemType];
  // Python would accept an int where a float is declared; BFCL promotes it (top level only).
  const value =
    typeName === "float" && pyType(given) === "int" ? new PyFloat(given as number) : given;
  const typed = typeCheck({ param, value, allowed, expected, nested });
  if (!typed.check.correct) return typed.check;
  if (!typed.isVariable) {
    if (expected === "dict") return dictCheck(param, value, allowed);
    if (expected === "list" && nested === "dict")
      return listDictCheck(param, value as unknown[], allowed);
    if (expected === "str") return stringCheck(param, value as string, allowed);
    if (expected === "list") return listCheck(param, value as unknown[], allowed);
  }
  return pyIn(allowed, value) ? BFCL_OK : valueError(param, given, allowed);
}

function valueError(param: string, given: unknown, allowed: readonly unknown[]): BfclCheck {
  return bfclError(
    "value_error:others",
    `invalid value for "${param}": ${stringifyPyJson(given)} (allowed: ${stringifyPyJson(allowed)})`,
  );
}
