import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli as run } from "../test-helpers/run-cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "toolgym-envs-"));
afterEach(() => vi.restoreAllMocks());

describe("toolgym envs", () => {
  // The second build and eval run on two worker threads (--workers 2), which start under tsx here.
  it("build writes the same file twice, with its sidecar; eval scores the oracle 1.000 on it", {
    timeout: 120_000,
  }, async () => {
    const dir = tmp();
    const [a, b] = [join(dir, "a.jsonl"), join(dir, "b.jsonl")];
    const first = await run("envs", "build", "--count", "40", "--seed", "7", "--out", a);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^40 environments in .* → .*a\.jsonl, .*a\.jsonl\.stats\.json$/m);
    expect(first.stderr).toMatch(/envs build: 40\/40/);
    const second = await run(
      "envs",
      "build",
      "--count",
      "40",
      "--seed",
      "7",
      "--workers",
      "2",
      "--out",
      b,
    );
    expect(second.code).toBe(0);
    expect(readFileSync(b, "utf8")).toBe(readFileSync(a, "utf8"));
    expect(readFileSync(`${b}.stats.json`, "utf8")).toBe(readFileSync(`${a}.stats.json`, "utf8"));
    const lines = readFileSync(a, "utf8").trim().split("\n");
    expect(lines).toHaveLength(40);
    expect(new Set(lines.map((l) => JSON.parse(l).scenario)).size).toBe(4);

    const evaluated = await run(
      "eval",
      "--envs",
      a,
      "--policy",
      "oracle",
      "--out",
      join(dir, "eval"),
    );
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/^overall\s+40\s+1\.000\s+1\.000\s+1\.000\s+100\.0%/m);
    const inWorkers = join(dir, "eval-workers");
    const args = ["eval", "--envs", a, "--policy", "oracle", "--workers", "2", "--out", inWorkers];
    expect((await run(...args)).code).toBe(0);
    expect(readFileSync(join(inWorkers, "trajectories.jsonl"), "utf8")).toBe(
      readFileSync(join(dir, "eval", "trajectories.jsonl"), "utf8"),
    );
  });

  it("build takes scenarios, complexity and a split; stats reports them and the rejections", async () => {
    const file = join(tmp(), "test.jsonl");
    const built = await run(
      "envs",
      "build",
      "--count",
      "12",
      "--seed",
      "3",
      "--out",
      file,
      "--scenarios",
      "multi_hop,parallel_multi_hop",
      "--complexity",
      "high,near=0",
      "--split",
      "test",
      "--hold-out-phrasings",
    );
    expect(built.code).toBe(0);
    const sidecar = JSON.parse(readFileSync(`${file}.stats.json`, "utf8"));
    expect(sidecar).toMatchObject({
      backend: "procedural",
      count: 12,
      scenarios: ["multi_hop", "parallel_multi_hop"],
      complexity: { distractors: 4, nearDuplicates: 0 },
      split: { split: "test", testFraction: 0.2, holdOutPhrasings: true },
    });
    const stats = await run("envs", "stats", file);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(
      /^scenarios\s+multi_hop 6 \(50\.0%\), parallel_multi_hop 6 \(50\.0%\)$/m,
    );
    expect(stats.stdout).toMatch(/^distractors per env\s+mean 4\.00/m);
    expect(stats.stdout).toMatch(/^splits\s+test 12$/m);
    expect(stats.stdout).toMatch(/^candidates\s+\d+ \(\d+ rejected/m);
    const json = await run("envs", "stats", file, "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({
      environments: 12,
      build: { attempts: expect.any(Number) },
    });
  });

  it("refuses bad options with exit status 2 and writes nothing", async () => {
    const file = join(tmp(), "x.jsonl");
    const scenario = await run(
      "envs",
      "build",
      "--count",
      "2",
      "--seed",
      "1",
      "--out",
      file,
      "--scenarios",
      "triple_hop",
    );
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toMatch(/--scenarios: unknown scenario triple_hop/);
    const complexity = await run(
      "envs",
      "build",
      "--count",
      "2",
      "--seed",
      "1",
      "--out",
      file,
      "--complexity",
      "types=3",
    );
    expect(complexity.code).toBe(2);
    expect(complexity.stderr).toMatch(/--complexity: types takes a probability/);
    const holdOut = await run(
      "envs",
      "build",
      "--count",
      "2",
      "--seed",
      "1",
      "--out",
      file,
      "--hold-out-families",
      "date",
    );
    expect(holdOut.code).toBe(2);
    expect(existsSync(file)).toBe(false);
    const missing = await run("envs", "stats", join(tmp(), "none.jsonl"));
    expect(missing.code).toBe(2);
  });
});
