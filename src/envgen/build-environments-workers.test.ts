import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, closeWorkerPools, type Scenario, WorkerTaskError } from "../core/index.js";
import { buildEnvironments } from "./build-environments.js";
import { COMPLEXITY_PRESETS } from "./complexity-presets.js";
import { createProceduralBackend } from "./procedural/create-procedural-backend.js";

afterAll(() => closeWorkerPools());

const serialize = (records: readonly unknown[]) => records.map((r) => JSON.stringify(r)).join("\n");

// Starting threads under tsx (the test runner) compiles the sources in each: seconds.
describe("buildEnvironments with worker threads", { timeout: 120_000 }, () => {
  it("builds the same records, rejection counts and attempts with one worker and with two", async () => {
    // 300 single-hop slots of the plainest complexity: ten shards, and (at this seed) rejected
    // candidates and duplicate questions, which a worker is asked again for.
    const options = {
      count: 300,
      seed: 2,
      scenarios: ["single_hop"] as const,
      complexity: COMPLEXITY_PRESETS.none,
    };
    const one = await buildEnvironments({ ...options, workers: 1 });
    const two = await buildEnvironments({ ...options, workers: 2 });
    expect(serialize(two.records)).toBe(serialize(one.records));
    expect(JSON.stringify(two.rejections)).toBe(JSON.stringify(one.rejections));
    expect(two.attempts).toBe(one.attempts);
    expect(one.rejections.duplicate_question).toBeGreaterThan(0);
  });

  it("reports a fault in one environment by its id", async () => {
    const scenarios = ["single_hop", "no_such_scenario"] as unknown as Scenario[];
    const run = buildEnvironments({ count: 40, seed: 3, scenarios, workers: 2 });
    await expect(run).rejects.toBeInstanceOf(WorkerTaskError);
    await expect(run).rejects.toMatchObject({ itemId: "env-000001" });
  });

  it("refuses worker threads for a backend it cannot send to them", async () => {
    const backend = createProceduralBackend({ seed: 3 });
    await expect(buildEnvironments({ backend, count: 4, seed: 3, workers: 2 })).rejects.toThrow(
      ConfigError,
    );
  });
});
