import { BFCL_OK, type BfclCheck, bfclError } from "./bfcl-types.js";
import { pyIn, pyType } from "./py-value.js";
import { standardizeString } from "./standardize-string.js";
import { stringifyPyJson } from "./stringify-py-json.js";

/**
 * BFCL's `dict_checker`: some allowed dict (the optional marker `""` skipped) has every key the
 * value has, each value among that key's allowed values (strings normalized on both sides), and
 * every key the value lacks may be omitted (`""` among its allowed values). Dict values are
 * compared one level deep, as in BFCL.
 */
export function dictCheck(param: string, value: unknown, allowed: readonly unknown[]): BfclCheck {
  let result = bfclError("dict_checker:unclear", `no allowed value for "${param}" to compare with`);
  for (const answer of allowed) {
    if (answer === "") continue;
    result = matchOne(param, value, answer);
    if (result.correct) return result;
  }
  return result;
}

function matchOne(param: string, value: unknown, answer: unknown): BfclCheck {
  if (pyType(value) !== "dict" || pyType(answer) !== "dict")
    return bfclError("dict_checker:unclear", `"${param}" is not a dict on both sides`);
  const given = value as Record<string, unknown>;
  const gold = answer as Record<string, readonly unknown[]>;
  let result: BfclCheck = BFCL_OK;
  for (const [key, item] of Object.entries(given)) {
    if (!Object.hasOwn(gold, key)) {
      result = bfclError("value_error:dict_key", `unexpected key "${key}" in "${param}"`);
      break;
    }
    const allowedItems = Array.isArray(gold[key]) ? gold[key] : [];
    if (!pyIn(allowedItems.map(normalize), normalize(item))) {
      result = bfclError(
        "value_error:dict_value",
        `invalid value for "${param}.${key}": ${stringifyPyJson(item)} (allowed: ${stringifyPyJson(allowedItems)})`,
      );
      break;
    }
  }
  // BFCL runs this loop even after a failure above; its error then wins, as here.
  for (const [key, allowedItems] of Object.entries(gold)) {
    if (!Object.hasOwn(given, key) && !(Array.isArray(allowedItems) && pyIn(allowedItems, ""))) {
      result = bfclError("value_error:dict_key", `missing key "${key}" in "${param}"`);
      break;
    }
  }
  return result;
}

function normalize(item: unknown): unknown {
  return typeof item === "string" ? standardizeString(item) : item;
}
