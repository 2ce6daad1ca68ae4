import type { CallRecord } from "../core/index.js";

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

/** Whether `value` has objects or arrays nested more than `limit` levels; without recursion. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
