import { BFCL_OK, type BfclCheck, bfclError } from "./bfcl-types.js";
import { standardizeString } from "./standardize-string.js";
import { stringifyPyJson } from "./stringify-py-json.js";

/**
 * BFCL's `string_checker`: the value, normalized, equals one of the allowed strings, normalized.
 * The optional marker `""` normalizes to `""`, so passing an empty string where `""` is allowed
 * passes too, as in BFCL.
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
