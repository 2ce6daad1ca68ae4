import { describe, expect, it } from "vitest";
import { createOraclePolicy, createScriptedPolicy } from "../policy/index.js";
import { runRollouts, summarizeTrajectories } from "../rollout/index.js";
import { loadSampleEnvs } from "../testing/sample-envs.js";
import { formatMetricsTable, METRICS_LEGEND } from "./format-metrics-table.js";

describe("summarizeTrajectories and formatMetricsTable", () => {
  it("scores a policy that never calls a tool Solve-P 0, not 1", async () => {
    const records = await loadSampleEnvs();
    const silent = createScriptedPolicy(["I would rather not say."]);
    const { trajectories } = await runRollouts({ records, policy: silent });
    const { overall } = summarizeTrajectories(trajectories);
    expect(overall).toMatchObject({
      episodes: records.length,
      solve_p: 0,
      solve_r: 0,
      solve_f1: 0,
      tool_use_rate: 0,
      reward: 0,
    });
  });

  it("prints one row per scenario, the overall row, and what the columns mean", async () => {
    const records = await loadSampleEnvs();
    const { trajectories } = await runRollouts({ records, policy: createOraclePolicy() });
    const report = summarizeTrajectories(trajectories);
    const lines = formatMetricsTable(report).split("\n");
    const scenarios = Object.keys(report.by_scenario);
    expect(lines[0]).toMatch(/^scenario +episodes +Solve-P +Solve-R +Solve-F1/);
    expect(lines.slice(2, 2 + scenarios.length).map((l) => l.split(" ")[0])).toEqual(scenarios);
    expect(lines[3 + scenarios.length]).toMatch(/^overall +\d+ +1\.000 +1\.000 +1\.000 +100\.0%/);
    expect(lines.slice(-METRICS_LEGEND.length)).toEqual([...METRICS_LEGEND]);
  });
});
