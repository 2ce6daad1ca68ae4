import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentRecord } from "../core/index.js";
import { createOraclePolicy, createScriptedPolicy } from "../policy/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { loadSampleEnvs } from "../testing/sample-envs.js";
import { runRollouts } from "./run-rollouts.js";
import { summarizeTrajectories } from "./summarize-trajectories.js";

let sandbox: Sandbox;
let records: EnvironmentRecord[];
beforeAll(async () => {
  sandbox = await createSandbox();
  records = await loadSampleEnvs();
});
afterAll(() => sandbox.dispose());

const tmp = () => mkdtempSync(join(tmpdir(), "toolgym-rollout-"));

describe("runRollouts", () => {
  it("the oracle solves every sample environment", async () => {
    const { trajectories } = await runRollouts({ records, policy: createOraclePolicy(), sandbox });
    expect(trajectories).toHaveLength(12);
    for (const t of trajectories) {
      expect(t.metrics, t.env_id).toMatchObject({
        solve_p: 1,
        solve_r: 1,
        solve_f1: 1,
        answer_correct: true,
        n_error_calls: 0,
      });
      expect(t.stop).toBe("answer");
      expect(t.reward.total).toBe(1);
    }
    const report = summarizeTrajectories(trajectories);
    expect(Object.keys(report.by_scenario)).toEqual([
      "multi_hop",
      "parallel_multi_hop",
      "parallel_single_hop",
      "single_hop",
    ]);
    expect(report.overall).toMatchObject({
      episodes: 12,
      solve_f1: 1,
      answer_accuracy: 1,
      tool_use_rate: 1,
    });
  });

  it("plays parallel calls in one turn and chains in order", async () => {
    const { trajectories } = await runRollouts({
      records: records.filter((r) => r.id === "sample-10"),
      policy: createOraclePolicy(),
      sandbox,
    });
    const turns = trajectories[0].messages
      .filter((m) => m.role === "assistant")
      .map((m) => m.tool_calls?.length ?? 0);
    expect(turns).toEqual([2, 2, 0]);
  });

  it("appends as episodes finish and resumes without rerunning finished ones", async () => {
    const out = join(tmp(), "trajectories.jsonl");
    const first = await runRollouts({
      records: records.slice(0, 5),
      policy: createOraclePolicy(),
      sandbox,
      out,
    });
    expect(first.skipped).toBe(0);
    const second = await runRollouts({
      records,
      policy: createOraclePolicy(),
      sandbox,
      out,
      concurrency: 3,
    });
    expect(second.skipped).toBe(5);
    expect(second.trajectories).toHaveLength(7);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(new Set(lines.map((l) => JSON.parse(l).id)).size).toBe(12);
  });

  it("samples several trajectories per environment with distinct ids", async () => {
    const { trajectories } = await runRollouts({
      records: records.slice(0, 2),
      policy: createOraclePolicy(),
      sandbox,
      samplesPerEnv: 3,
    });
    expect(trajectories.map((t) => t.id).sort()).toEqual([
      "sample-01#0",
      "sample-01#1",
      "sample-01#2",
      "sample-02#0",
      "sample-02#1",
      "sample-02#2",
    ]);
  });

  it("stops at max turns, counting a policy that never answers", async () => {
    const loop = createScriptedPolicy(
      Array.from({ length: 10 }, (_, turn) => ({
        role: "assistant" as const,
        content: null,
        tool_calls: [
          {
            id: `c${turn}`,
            type: "function" as const,
            function: { name: "get_weather", arguments: '{"city":"Lisbon"}' },
          },
        ],
      })),
    );
    const { trajectories } = await runRollouts({
      records: [records[0]],
      policy: loop,
      sandbox,
      maxTurns: 3,
    });
    expect(trajectories[0]).toMatchObject({
      stop: "max_turns",
      metrics: { n_turns: 3, n_calls: 3, solve_r: 1, answer_correct: false },
    });
    expect(trajectories[0].metrics.solve_p).toBeCloseTo(1 / 3);
  });

  it("propagates an operator fault of the policy instead of writing a trajectory", async () => {
    const broken = { name: "broken", act: async () => Promise.reject(new Error("endpoint down")) };
    await expect(runRollouts({ records, policy: broken, sandbox })).rejects.toThrow(
      "endpoint down",
    );
  });
});
