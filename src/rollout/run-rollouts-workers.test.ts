import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeWorkerPools, type EnvironmentRecord, WorkerTaskError } from "../core/index.js";
import { createOraclePolicy } from "../policy/index.js";
import { loadSampleEnvs } from "../testing/sample-envs.js";
import { runRollouts } from "./run-rollouts.js";

let records: EnvironmentRecord[];
beforeAll(async () => {
  // 12 sample environments × 12 copies: three shards, so two workers share the work.
  const samples = await loadSampleEnvs();
  records = Array.from({ length: 12 }, (_, i) =>
    samples.map((r) => ({ ...r, id: `${r.id}-${i}` })),
  ).flat();
});
afterAll(() => closeWorkerPools());

const tmp = () => mkdtempSync(join(tmpdir(), "toolgym-rollout-workers-"));

describe("runRollouts with worker threads (the oracle)", () => {
  // Starting threads under tsx (the test runner) compiles the sources in each: seconds.
  it("writes byte-identical trajectories with one worker and with two, in job order", {
    timeout: 120_000,
  }, async () => {
    const outs = [join(tmp(), "one.jsonl"), join(tmp(), "two.jsonl")];
    const one = await runRollouts({
      records,
      policy: createOraclePolicy(),
      out: outs[0],
      workers: 1,
    });
    const two = await runRollouts({
      records,
      policy: createOraclePolicy(),
      out: outs[1],
      workers: 2,
    });
    expect(two.trajectories).toHaveLength(records.length);
    expect(two.trajectories.map((t) => t.id)).toEqual(records.map((r) => r.id));
    expect(JSON.stringify(two.trajectories)).toBe(JSON.stringify(one.trajectories));
    expect(readFileSync(outs[1], "utf8")).toBe(readFileSync(outs[0], "utf8"));
    expect(two.trajectories.every((t) => t.metrics.solve_f1 === 1)).toBe(true);
  });

  it("reports an environment that fails in a worker by its id", async () => {
    const broken = records.map((r, i) =>
      i === 100
        ? { ...r, id: "broken-env", code: { ...r.code, [r.subtasks[0].tool]: "function (" } }
        : r,
    );
    const failure = runRollouts({ records: broken, policy: createOraclePolicy(), workers: 2 });
    await expect(failure).rejects.toBeInstanceOf(WorkerTaskError);
    await expect(failure).rejects.toMatchObject({ itemId: "broken-env" });
    await expect(failure).rejects.toThrow(/^broken-env: /);
  });
});
