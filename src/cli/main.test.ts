import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SAMPLE_ENVS_PATH } from "../testing/sample-envs.js";
import { runCli as run } from "./test-helpers/run-cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "toolgym-cli-"));
afterEach(() => vi.restoreAllMocks());

describe("toolgym eval", () => {
  it("scores the oracle 1.000 on the sample and writes trajectories and metrics", async () => {
    const out = tmp();
    const { stdout, code } = await run(
      "eval",
      "--envs",
      SAMPLE_ENVS_PATH,
      "--policy",
      "oracle",
      "--out",
      out,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/overall\s+12\s+1\.000\s+1\.000\s+1\.000\s+100\.0%/);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics.overall.solve_f1).toBe(1);
    expect(Object.keys(metrics.by_scenario)).toHaveLength(4);
    expect(readFileSync(join(out, "trajectories.jsonl"), "utf8").trim().split("\n")).toHaveLength(
      12,
    );

    const again = await run("eval", "--envs", SAMPLE_ENVS_PATH, "--policy", "oracle", "--out", out);
    expect(again.stdout).toMatch(/0 episodes .*12 already done \(resumed\)/);
    expect(again.stdout).toMatch(/overall\s+12\s+1\.000/);
  });

  it("with --strict, names the file, line and field of a bad record, and exits 2", async () => {
    const dir = tmp();
    const envs = join(dir, "envs.jsonl");
    const [first] = readFileSync(SAMPLE_ENVS_PATH, "utf8").split("\n");
    writeFileSync(
      envs,
      `${first}\n${first.replace('"scenario":"single_hop"', '"scenario":"triple_hop"')}\n`,
    );
    const { stderr, code } = await run(
      "eval",
      "--envs",
      envs,
      "--policy",
      "oracle",
      "--out",
      join(dir, "o"),
      "--strict",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/envs\.jsonl:2: field "scenario"/);
  });

  it("rejects unknown policies and openai specs without a base URL", async () => {
    const unknown = await run(
      "eval",
      "--envs",
      SAMPLE_ENVS_PATH,
      "--policy",
      "gpt",
      "--out",
      tmp(),
    );
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toMatch(
      /unknown policy "gpt"; expected oracle \| openai:MODEL\[@BASE_URL\]/,
    );
    const saved = process.env.OPENAI_BASE_URL;
    delete process.env.OPENAI_BASE_URL;
    try {
      const noUrl = await run(
        "eval",
        "--envs",
        SAMPLE_ENVS_PATH,
        "--policy",
        "openai:qwen",
        "--out",
        tmp(),
      );
      expect(noUrl.stderr).toMatch(/gives no base URL/);
    } finally {
      if (saved !== undefined) process.env.OPENAI_BASE_URL = saved;
    }
  });
});

describe("toolgym bfcl", () => {
  it("the oracle scores 100% in every category", async () => {
    const { stdout, code } = await run("bfcl", "--policy", "oracle");
    expect(code).toBe(0);
    for (const category of [
      "simple_python",
      "multiple",
      "parallel",
      "parallel_multiple",
      "irrelevance",
    ]) {
      expect(stdout).toMatch(new RegExp(`${category}\\s+\\d+\\s+\\d+\\s+100\\.0%`));
    }
  });
  it("lists the valid categories when given an unknown one", async () => {
    const { stderr, code } = await run(
      "bfcl",
      "--policy",
      "oracle",
      "--categories",
      "simple,multiple",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/simple_python/);
  });
});
