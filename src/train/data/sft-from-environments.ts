import type { EnvironmentRecord } from "../../core/index.js";
import { createOraclePolicy } from "../../policy/index.js";
import { runRollouts } from "../../rollout/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { SftExample } from "./sft-example.js";

export interface SftFromEnvironmentsOptions {
  readonly records: readonly EnvironmentRecord[];
  /** Runs the tools; made (and disposed of) if omitted. */
  readonly sandbox?: Sandbox;
  readonly concurrency?: number;
}

export interface SftFromEnvironmentsResult {
  /** One example per environment whose gold plan replays perfectly, in record order. */
  readonly examples: SftExample[];
  /** Environments left out, with why (a gold plan that no longer solves its task). */
  readonly skipped: { id: string; reason: string }[];
}

/**
 * Behavior-cloning data from environments' gold plans: the oracle plays each environment (its
 * calls executed in the sandbox, so the tool outputs are the real ones), and the conversation
 * becomes an SFT example. Rendered with the chat template, the calls and the final answer are
 * the trained tokens; the tool outputs are masked.
 *
 * @example
 * const { examples } = await sftFromEnvironments({ records: await readJsonl("envs.jsonl", EnvironmentRecordSchema) });
 */
export async function sftFromEnvironments({
  records,
  sandbox,
  concurrency = 8,
}: SftFromEnvironmentsOptions): Promise<SftFromEnvironmentsResult> {
  const { trajectories } = await runRollouts({
    records,
    policy: createOraclePolicy(),
    sandbox,
    concurrency,
    // The oracle takes one turn per wave of its plan, plus the answer.
    maxTurns: Math.max(1, ...records.map((r) => r.subtasks.length + 1)),
  });
  const byId = new Map(trajectories.map((t) => [t.env_id, t]));
  const examples: SftExample[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const record of records) {
    const t = byId.get(record.id)!;
    if (t.metrics.solve_f1 !== 1 || !t.metrics.answer_correct) {
      skipped.push({
        id: record.id,
        reason: `the gold plan scores Solve-F1 ${t.metrics.solve_f1.toFixed(3)}, answer ${t.metrics.answer_correct ? "correct" : "wrong"}`,
      });
      continue;
    }
    examples.push({
      id: record.id,
      source: "env",
      messages: t.messages,
      tools: record.tools,
      meta: { env_id: record.id, scenario: record.scenario },
    });
  }
  return { examples, skipped };
}
