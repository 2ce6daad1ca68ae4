import { type CallRecord, nestsDeeperThan } from "../core/index.js";

/**
 * The deepest nesting of call arguments a trajectory keeps. Real tool schemas nest a few levels
 * (OpenAI's strict mode allows 10); what a model writes deeper is noise, and past a few
 * thousand levels every recursive consumer of the record — `JSON.stringify` when it is written,
 * the exporters, the report — overflows the stack.
 */
export const MAX_ARGUMENT_DEPTH = 64;

/**
 * `call` with its parsed arguments replaced by null when they nest deeper than
 * MAX_ARGUMENT_DEPTH (as arguments that are not JSON are; the text the model wrote stays in its
 * assistant message). Such arguments never reach a tool intact: no schema accepts them.
 *
 * @example
 * boundCallArguments({ ...call, arguments: JSON.parse("[".repeat(5000) + "]".repeat(5000)) }).arguments // null
 */
export function boundCallArguments(call: CallRecord): CallRecord {
  return nestsDeeperThan(call.arguments, MAX_ARGUMENT_DEPTH) ? { ...call, arguments: null } : call;
}
