import { BFCL_OK, type BfclCheck, bfclError } from "./bfcl-types.js";
import { dictCheck } from "./dict-check.js";

/**
 * BFCL's `list_dict_checker`: some allowed list of dicts has the value's length and matches it
 * position by position with `dictCheck`. The optional marker `""` has length 0, as in BFCL.
 */
export function listDictCheck(
  param: string,
  value: readonly unknown[],
  allowed: readonly unknown[],
): BfclCheck {
  let result = bfclError("list_dict_checker:unclear", `no allowed value for "${param}"`);
  for (const answer of allowed) {
    const items = Array.isArray(answer) ? answer : typeof answer === "string" ? [...answer] : [];
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
