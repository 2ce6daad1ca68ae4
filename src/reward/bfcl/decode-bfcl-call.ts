import type { BfclPredictedCall } from "./bfcl-types.js";
import type { DecodedCall } from "./check-bfcl-call.js";
import { parsePyJson } from "./parse-py-json.js";

/**
 * Reads a predicted call's arguments (JSON as Python reads it). Blank arguments are `{}`, as
 * OpenAI-compatible servers send them for calls without parameters. Arguments that are not a
 * JSON object give the reason instead: the call cannot be judged (BFCL: decoder failed).
 */
export function decodeBfclCall(call: BfclPredictedCall): DecodedCall | { error: string } {
  if (typeof call.arguments !== "string") return { name: call.name, args: call.arguments };
  if (call.arguments.trim() === "") return { name: call.name, args: {} };
  let args: unknown;
  try {
    args = parsePyJson(call.arguments);
  } catch (error) {
    return {
      error: `arguments of "${call.name}" are not valid JSON (${(error as Error).message})`,
    };
  }
  if (args === null || typeof args !== "object" || Array.isArray(args))
    return { error: `arguments of "${call.name}" are not a JSON object` };
  return { name: call.name, args: args as Record<string, unknown> };
}
