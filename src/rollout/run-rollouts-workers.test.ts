import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeWorkerPools, type EnvironmentRecord, WorkerTaskError } from "../core/index.js";
import { createOraclePolicy, createScriptedPolicy } from "../policy/index.js";
import { loadSampleEnvs } from "../testing/sample-envs.js";
import { EnvironmentLoadError } from "./environment-load-error.js";
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

  /** The records with the 100th one's first tool replaced by code that does not parse. */
  const withBrokenCode = () =>
    records.map((r, i) =>
      i === 100
        ? { ...r, id: "broken-env", code: { ...r.code, [r.subtasks[0].tool]: "function (" } }
        : r,
    );

  it("stops at an environment whose code does not load in a worker, naming it", async () => {
    const failure = runRollouts({
      records: withBrokenCode(),
      policy: createOraclePolicy(),
      workers: 2,
    });
    await expect(failure).rejects.toBeInstanceOf(EnvironmentLoadError);
    await expect(failure).rejects.toMatchObject({ envId: "broken-env" });
    await expect(failure).rejects.toThrow(
      /environment "broken-env": tool ".+" could not be loaded \(syntax_error\)/,
    );
  });

  it("skips a broken environment the same way with one worker and with two", async () => {
    const broken = withBrokenCode();
    const run = async (workers: number) => {
      const out = join(tmp(), "trajectories.jsonl");
      const reported: string[] = [];
      const result = await runRollouts({
        records: broken,
        policy: createOraclePolicy(),
        out,
        // Two samples each: the broken environment's second sample is skipped, not reported again.
        samplesPerEnv: 2,
        collect: false,
        workers,
        onBrokenEnvironment: (error, record) => reported.push(`${record.id}: ${error.message}`),
      });
      return { result, reported, text: readFileSync(out, "utf8") };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.reported).toHaveLength(1);
    expect(one.reported[0]).toMatch(/^broken-env: environment "broken-env": tool /);
    expect(two.reported).toEqual(one.reported);
    expect(two.result.broken.map((e) => e.envId)).toEqual(["broken-env"]);
    expect(two.result.played).toBe(2 * (records.length - 1));
    expect(two.result.trajectories).toEqual([]);
    expect(two.text).toBe(one.text);
    expect(two.text).not.toContain('"env_id":"broken-env"');
  });

  it("reports any other failure in a worker by its environment's id", async () => {
    // A tool schema ajv cannot compile: not a load failure, so it stops the run.
    const bad = records.map((r, i) =>
      i === 100
        ? {
            ...r,
            id: "bad-schema",
            tools: r.tools.map((t) => ({
              ...t,
              function: { ...t.function, parameters: { type: "no-such-type" } },
            })),
          }
        : r,
    );
    const failure = runRollouts({ records: bad, policy: createOraclePolicy(), workers: 2 });
    await expect(failure).rejects.toBeInstanceOf(WorkerTaskError);
    await expect(failure).rejects.toMatchObject({ itemId: "bad-schema" });
    await expect(failure).rejects.toThrow(/^bad-schema: /);
  });

  it("plays a model policy in this thread whatever the worker count", async () => {
    // Only the oracle crosses into workers; any other policy (its state, its HTTP client) stays.
    const answers = createScriptedPolicy([(request) => request.record?.answer ?? ""]);
    const { trajectories } = await runRollouts({
      records: records.slice(0, 24),
      policy: answers,
      workers: 2,
    });
    expect(trajectories).toHaveLength(24);
    expect(trajectories.every((t) => t.policy === "scripted" && t.metrics.answer_correct)).toBe(
      true,
    );
  });
});
