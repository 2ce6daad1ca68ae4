/**
 * Why a tool call failed. Everything but `internal` is caused by the tool's code or the call's
 * arguments and is meant to be shown to the policy as an error observation.
 *
 * - `timeout`: ran past the time limit (its microtasks included).
 * - `memory`: past the memory limit (any kind of allocation), or an allocation too large for it.
 * - `stack`: recursion too deep for the stack limit.
 * - `thrown`: the tool threw (any value: an Error, a string, `undefined`…).
 * - `not_json`: the return value has no JSON form (cycle, BigInt, function, symbol, a throwing
 *   `toJSON` or getter, a Promise that never settles).
 * - `output_too_large`: its JSON is longer than `maxOutputBytes`.
 * - `no_such_function`: no tool of that name in this environment.
 * - `load_error`: after an abort the environment had to be reloaded and its code failed to load.
 * - `internal`: the sandbox itself failed (the engine aborted for a reason other than time or
 *   stack, arguments not JSON-serializable).
 */
export type ToolErrorKind =
  | "timeout"
  | "memory"
  | "stack"
  | "thrown"
  | "not_json"
  | "output_too_large"
  | "no_such_function"
  | "load_error"
  | "internal";

export type ToolResult =
  | {
      ok: true;
      /** The return value after a JSON round trip (`undefined` became `null`, NaN became `null`). */
      value: unknown;
      /** Its JSON text, as the tool's code serialized it. */
      json: string;
      elapsedMs: number;
    }
  | {
      ok: false;
      error: { kind: ToolErrorKind; message: string };
      elapsedMs: number;
    };
