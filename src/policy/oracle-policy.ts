import { ConfigError } from "../core/index.js";
import { goldPlanWaves } from "./gold-plan-waves.js";
import type { Policy, PolicyRequest, PolicyResponse } from "./policy.js";

/**
 * Replays an environment's gold plan: each wave of independent subtasks as parallel calls in one
 * turn, chained subtasks in order, then the final answer. It reads `request.record`, which model
 * policies never see; its scores are the ceiling an environment allows (Solve-F1 = 1).
 */
export function createOraclePolicy(): Policy {
  return {
    name: "oracle",
    async act({ messages, record }: PolicyRequest): Promise<PolicyResponse> {
      if (record === undefined) {
        throw new ConfigError(
          "policy",
          "the oracle replays gold plans and needs the environment record",
        );
      }
      const turn = messages.filter((m) => m.role === "assistant").length;
      const wave = goldPlanWaves(record.subtasks)[turn];
      if (wave === undefined) return { message: { role: "assistant", content: record.answer } };
      return {
        message: {
          role: "assistant",
          content: null,
          tool_calls: wave.map((i) => ({
            id: `call_${turn}_${i}`,
            type: "function" as const,
            function: {
              name: record.subtasks[i].tool,
              arguments: JSON.stringify(record.subtasks[i].arguments),
            },
          })),
        },
      };
    },
  };
}
