import { ConfigError, type Subtask } from "../core/index.js";
import type { Policy, PolicyRequest, PolicyResponse } from "./policy.js";

// The oracle needs nothing but each environment's record, so rollouts may play it in worker
// threads (each making its own); this tells them the policy they were given is one.
const oracles = new WeakSet<Policy>();

/** Whether `policy` was made by `createOraclePolicy` (and so may be replayed in a worker). */
export function isOraclePolicy(policy: Policy): boolean {
  return oracles.has(policy);
}

/**
 * Replays an environment's gold plan: each wave of independent subtasks as parallel calls in one
 * turn, chained subtasks in order, then the final answer. It reads `request.record`, which model
 * policies never see; its scores are the ceiling an environment allows (Solve-F1 = 1).
 */
export function createOraclePolicy(): Policy {
  const policy: Policy = {
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
  oracles.add(policy);
  return policy;
}

/**
 * Groups a gold plan into waves that can run as parallel calls in one turn: a subtask's wave is
 * one more than the latest wave it depends on. Independent subtasks share wave 0; a chain
 * a → b → c takes three waves.
 */
export function goldPlanWaves(subtasks: readonly Subtask[]): number[][] {
  const depth: number[] = [];
  const waves: number[][] = [];
  subtasks.forEach((subtask, i) => {
    const d = subtask.after.reduce((max, dep) => Math.max(max, (depth[dep] ?? 0) + 1), 0);
    depth[i] = d;
    (waves[d] ??= []).push(i);
  });
  return waves;
}
