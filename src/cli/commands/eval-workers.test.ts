import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { closeWorkerPools } from "../../core/index.js";
import { loadSampleEnvs } from "../../testing/sample-envs.js";
import { runCli as run } from "../test-helpers/run-cli.js";

afterEach(() => vi.restoreAllMocks());
afterAll(() => closeWorkerPools());

describe("toolgym eval --workers", () => {
  // Worker threads start under tsx here (seconds): one test, two runs on them.
  it("skips a broken environment and resumes a damaged file as one thread does, to the same bytes", {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgym-eval-workers-"));
    // 12 sample environments × 6 copies × 2 samples: 144 episodes, three shards of 64 at most.
    const samples = await loadSampleEnvs();
    const records = Array.from({ length: 6 }, (_, k) =>
      samples.map((r) => ({ ...r, id: `${r.id}-${k}` })),
    ).flat();
    const brokenAt = 40;
    const bad = records[brokenAt]!;
    records[brokenAt] = { ...bad, code: { ...bad.code, [bad.subtasks[0]!.tool]: "function (" } };
    const envs = join(dir, "envs.jsonl");
    writeFileSync(envs, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const evaluate = (out: string, workers: number) =>
      run(
        "eval",
        "--envs",
        envs,
        "--policy",
        "oracle",
        "--samples",
        "2",
        "--workers",
        `${workers}`,
        "--out",
        out,
      );

    const one = await evaluate(join(dir, "one"), 1);
    const two = await evaluate(join(dir, "two"), 2);
    for (const result of [one, two]) {
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        `${envs}:${brokenAt + 1}: environment "${bad.id}": tool "${bad.subtasks[0]!.tool}" could not be loaded (syntax_error)`,
      );
      expect(result.stdout).toMatch(/142 episodes in .*1 environment\(s\) skipped/);
    }
    const file = (name: string) => join(dir, name, "trajectories.jsonl");
    const expected = readFileSync(file("one"), "utf8");
    expect(readFileSync(file("two"), "utf8")).toBe(expected);
    const metrics = (name: string) =>
      JSON.parse(readFileSync(join(dir, name, "metrics.json"), "utf8"));
    expect(metrics("two")).toEqual(metrics("one"));

    // A crash's leftovers: the last 30 lines gone and the one before them torn.
    const lines = expected.trim().split("\n");
    const kept = lines.slice(0, -31);
    writeFileSync(file("two"), `${kept.join("\n")}\n${lines.at(-31)!.slice(0, 80)}`);
    const resumed = await evaluate(join(dir, "two"), 2);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain("1 line(s) set aside");
    expect(resumed.stdout).toMatch(/31 episodes in .*111 already done \(resumed\)/);
    expect(readFileSync(file("two"), "utf8")).toBe(expected);
  });
});
