import { BFCL_OK, type BfclCheck, bfclError } from "./bfcl-types.js";
import { pyEquals } from "./py-value.js";
import { standardizeString } from "./standardize-string.js";
import { stringifyPyJson } from "./stringify-py-json.js";

/**
 * BFCL's `list_checker`: the list, with its string items normalized, equals (Python `==`, in
 * order) one of the allowed lists, normalized the same way. As in BFCL, the optional marker `""`
 * reads as an empty list, so `[]` passes where `""` is allowed.
 */
export function listCheck(
  param: string,
  value: readonly unknown[],
  allowed: readonly unknown[],
): BfclCheck {
  const wanted = value.map(normalizeItem);
  const ok = allowed.some((answer) => {
    const items = iterate(answer);
    return items !== undefined && pyEquals(wanted, items.map(normalizeItem));
  });
  if (ok) return BFCL_OK;
  return bfclError(
    "value_error:list/tuple",
    `invalid value for "${param}": ${stringifyPyJson(value)} (allowed: ${stringifyPyJson(allowed)})`,
  );
}

function normalizeItem(item: unknown): unknown {
  return typeof item === "string" ? standardizeString(item) : item;
}

/** Python's iteration over an allowed value: a list's items, a string's characters. */
function iterate(answer: unknown): unknown[] | undefined {
  if (Array.isArray(answer)) return answer;
  if (typeof answer === "string") return [...answer];
  return undefined;
}
