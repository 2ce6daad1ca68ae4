/**
 * Why `verifyEnvironment` rejects a candidate, cheapest check first:
 *
 * - `invalid_record`: fails the EnvironmentRecord schema (a tool without code, a step that
 *   depends on a later one…).
 * - `scenario_mismatch`: the plan's shape is not its scenario's (see `planShapeFits`).
 * - `weak_subanswer`: a (part of a) sub-answer shorter than two characters — FTRL's substring
 *   rule would let almost any output "solve" it.
 * - `answer_in_prompt`: every part of the final answer already occurs in the user's message.
 * - `subanswer_in_prompt`: every part of some sub-answer occurs in it (that call is not needed).
 * - `answer_not_derived`: the final answer is not made of the answers of the plan's last steps
 *   (each part of it a part of such an answer, each such answer contributing).
 * - `dependency_unused`: a step lists a dependency none of whose answer parts occurs in its
 *   arguments (the chain is not a chain).
 * - `load_failed`: the tools' code does not load in the sandbox.
 * - `invalid_arguments`: a gold call fails its tool's JSON Schema.
 * - `call_failed`: a gold call errors or times out.
 * - `wrong_subanswer`: a gold call's output does not contain its sub-answer (FTRL's rule).
 * - `ambiguous_subanswer`: a gold call's output solves another step of the same tool too.
 * - `shortcut`: a step that depends on others is answered by its tool called with a value
 *   taken from the prompt instead of the dependency's answer: the chain can be short-cut.
 */
export const VERIFICATION_FAILURES = [
  "invalid_record",
  "scenario_mismatch",
  "weak_subanswer",
  "answer_in_prompt",
  "subanswer_in_prompt",
  "answer_not_derived",
  "dependency_unused",
  "load_failed",
  "invalid_arguments",
  "call_failed",
  "wrong_subanswer",
  "ambiguous_subanswer",
  "shortcut",
] as const;
export type VerificationFailure = (typeof VERIFICATION_FAILURES)[number];

export type VerificationResult =
  | { ok: true }
  | { ok: false; reason: VerificationFailure; detail: string };
