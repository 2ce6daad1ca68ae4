import type { AssistantMessage } from "../core/index.js";
import type { Policy, PolicyRequest } from "./policy.js";

export type ScriptStep =
  | AssistantMessage
  | string
  | ((request: PolicyRequest, turn: number) => AssistantMessage | string);

/**
 * A deterministic policy that replays given responses, turn by turn, so rollout tests need no
 * model. A string step is an assistant message with that content; a function step is asked
 * with the request and the turn index. Past the end of the script it answers "".
 */
export function createScriptedPolicy(steps: readonly ScriptStep[], name = "scripted"): Policy {
  return {
    name,
    async act(request) {
      const turn = request.messages.filter((m) => m.role === "assistant").length;
      const step = steps[turn] ?? "";
      const value = typeof step === "function" ? step(request, turn) : step;
      const message: AssistantMessage =
        typeof value === "string" ? { role: "assistant", content: value } : value;
      return { message: structuredClone(message) };
    },
  };
}
