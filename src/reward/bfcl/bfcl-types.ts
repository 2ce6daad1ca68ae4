import type { ToolSpec } from "../../core/index.js";

/**
 * One call of a BFCL ground truth: the function and, per parameter, the values it may take.
 * `""` among the values means the parameter may be left out. Values are JSON as Python reads
 * it (see `PyValue`): the loader keeps `5.0` apart from `5` when given `parsePyJson`.
 */
export interface BfclGoldCall {
  name: string;
  params: Readonly<Record<string, readonly unknown[]>>;
}

/**
 * A call the model made, as the OpenAI API carries it: `arguments` is a JSON string (read with
 * Python's int/float distinction) or an already-parsed object.
 */
export interface BfclPredictedCall {
  name: string;
  arguments: string | Readonly<Record<string, unknown>>;
}

/** What a BFCL check needs besides the prediction. */
export interface BfclRow {
  /**
   * BFCL's test category; its name picks the rule, as in the leaderboard: `…irrelevance…` (no
   * call), `…relevance…` (any call), `…parallel…`, `…multiple…`, else simple.
   */
  category: string;
  tools: readonly ToolSpec[];
  groundTruth: readonly BfclGoldCall[];
}

/**
 * Why a check failed: BFCL's own `error_type` strings, so reports line up with the
 * leaderboard's. `irrelevance_error:decoder_success` is a call where none belongs,
 * `relevance_error:decoder_failed` no call where one was due.
 */
export type BfclErrorType =
  | "ast_decoder:decoder_failed"
  | "irrelevance_error:decoder_success"
  | "relevance_error:decoder_failed"
  | "simple_function_checker:wrong_count"
  | "multiple_function_checker:wrong_count"
  | "parallel_function_checker_no_order:wrong_count"
  | "parallel_function_checker_no_order:cannot_find_match"
  | "simple_function_checker:wrong_func_name"
  | "simple_function_checker:missing_required"
  | "simple_function_checker:unexpected_param"
  | "simple_function_checker:missing_optional"
  | "type_error:simple"
  | "type_error:nested"
  | "value_error:string"
  | "value_error:list/tuple"
  | "value_error:dict_key"
  | "value_error:dict_value"
  | "value_error:list_dict_count"
  | "value_error:others"
  | "dict_checker:unclear"
  | "list_dict_checker:unclear";

export type BfclCheck =
  | { correct: true }
  | { correct: false; reason: BfclErrorType; detail: string };

/** A failed check; `reason` is BFCL's error type, `detail` says which parameter and value. */
export function bfclError(reason: BfclErrorType, detail: string): BfclCheck {
  return { correct: false, reason, detail };
}

export const BFCL_OK: BfclCheck = { correct: true };
