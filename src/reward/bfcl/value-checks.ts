import { BFCL_OK, type BfclCheck, bfclError } from "./bfcl-types.js";
import { pyEquals, pyIn, pyType, stringifyPyJson } from "./py-json.js";

/**
 * BFCL's checks of one parameter's value against its allowed values, once the type check has
 * passed: strings, lists, dicts and lists of dicts, each normalized with `standardizeString`.
 * They follow the leaderboard's `string_checker`, `list_checker`, `dict_checker` and
 * `list_dict_checker` rule for rule, Python's quirks included (the optional marker `""` is a
 * string, so where BFCL iterates it, it reads as an empty list).
 */

/**
 * BFCL's string normalization: drop spaces and `,./-_*^`, lower-case, and turn `'` into `"`,
 * so `April 1, 2024`, `April 1,2024` and `april 1 2024` compare equal.
 *
 * @example
 * standardizeString("New York, NY") // "newyorkny"
 */
export function standardizeString(text: string): string {
  return text
    .replace(/[ ,./\-_*^]/g, "")
    .toLowerCase()
    .replaceAll("'", '"');
}

/**
 * `string_checker`: the value, normalized, equals one of the allowed strings, normalized. The
 * optional marker `""` normalizes to `""`, so an empty string passes where `""` is allowed.
 */
export function stringCheck(param: string, value: string, allowed: readonly unknown[]): BfclCheck {
  const wanted = standardizeString(value);
  const ok = allowed.some(
    (answer) => typeof answer === "string" && standardizeString(answer) === wanted,
  );
  if (ok) return BFCL_OK;
  return bfclError(
    "value_error:string",
    `invalid value for "${param}": ${stringifyPyJson(value)} (allowed: ${stringifyPyJson(allowed)}, case-insensitive)`,
  );
}

/**
 * `list_checker`: the list, with its string items normalized, equals (Python `==`, in order)
 * one of the allowed lists, normalized the same way; `""` reads as an empty list.
 */
export function listCheck(
  param: string,
  value: readonly unknown[],
  allowed: readonly unknown[],
): BfclCheck {
  const wanted = value.map(normalize);
  const ok = allowed.some((answer) => pyEquals(wanted, iterate(answer).map(normalize)));
  if (ok) return BFCL_OK;
  return bfclError(
    "value_error:list/tuple",
    `invalid value for "${param}": ${stringifyPyJson(value)} (allowed: ${stringifyPyJson(allowed)})`,
  );
}

/**
 * `dict_checker`: some allowed dict (`""` skipped) has every key the value has, each value among
 * that key's allowed values (strings normalized on both sides), and every key the value lacks
 * may be omitted (`""` among its allowed values). Compared one level deep, as in BFCL: a dict
 * inside a dict must equal an allowed value exactly.
 */
export function dictCheck(param: string, value: unknown, allowed: readonly unknown[]): BfclCheck {
  let result = bfclError("dict_checker:unclear", `no allowed value for "${param}" to compare with`);
  for (const answer of allowed) {
    if (answer === "") continue;
    result = matchDict(param, value, answer);
    if (result.correct) return result;
  }
  return result;
}

/**
 * `list_dict_checker`: some allowed list of dicts has the value's length and matches it
 * position by position with `dictCheck`; `""` has length 0.
 */
export function listDictCheck(
  param: string,
  value: readonly unknown[],
  allowed: readonly unknown[],
): BfclCheck {
  let result = bfclError("list_dict_checker:unclear", `no allowed value for "${param}"`);
  for (const answer of allowed) {
    const items = iterate(answer);
    if (items.length !== value.length) {
      result = bfclError(
        "value_error:list_dict_count",
        `"${param}" has ${value.length} dicts, an allowed value has ${items.length}`,
      );
      continue;
    }
    let all = true;
    for (let i = 0; i < value.length; i++) {
      result = dictCheck(param, value[i], [items[i]]);
      if (!result.correct) {
        all = false;
        break;
      }
    }
    if (all) return BFCL_OK;
  }
  return result;
}

function matchDict(param: string, value: unknown, answer: unknown): BfclCheck {
  if (pyType(value) !== "dict" || pyType(answer) !== "dict")
    return bfclError("dict_checker:unclear", `"${param}" is not a dict on both sides`);
  const given = value as Record<string, unknown>;
  const gold = answer as Record<string, unknown>;
  let result: BfclCheck = BFCL_OK;
  for (const [key, item] of Object.entries(given)) {
    if (!Object.hasOwn(gold, key)) {
      result = bfclError("value_error:dict_key", `unexpected key "${key}" in "${param}"`);
      break;
    }
    if (!pyIn(iterate(gold[key]).map(normalize), normalize(item))) {
      result = bfclError(
        "value_error:dict_value",
        `invalid value for "${param}.${key}": ${stringifyPyJson(item)} (allowed: ${stringifyPyJson(gold[key])})`,
      );
      break;
    }
  }
  // BFCL runs this loop even after a failure above; its error then wins, as here.
  for (const [key, allowedItems] of Object.entries(gold)) {
    if (!Object.hasOwn(given, key) && !contains(allowedItems, "")) {
      result = bfclError("value_error:dict_key", `missing key "${key}" in "${param}"`);
      break;
    }
  }
  return result;
}

function normalize(item: unknown): unknown {
  return typeof item === "string" ? standardizeString(item) : item;
}

/**
 * Python's iteration over an allowed value: a list's items, a string's characters (so `""` is
 * empty), a dict's keys. Anything else would raise in BFCL; it reads as empty here.
 */
function iterate(answer: unknown): unknown[] {
  if (Array.isArray(answer)) return answer;
  if (typeof answer === "string") return [...answer];
  if (pyType(answer) === "dict") return Object.keys(answer as object);
  return [];
}

/** Python's `item in container`: membership in a list, a substring of a string (`"" in "x"`). */
function contains(container: unknown, item: string): boolean {
  if (typeof container === "string") return container.includes(item);
  return pyIn(iterate(container), item);
}
