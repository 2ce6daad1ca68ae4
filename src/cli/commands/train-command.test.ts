import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SAMPLE_ENVS_PATH } from "../../testing/sample-envs.js";
import { runCli as run } from "../test-helpers/run-cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "toolgym-train-"));
const TINY = ["--ctx", "512", "--d-model", "32", "--n-layer", "1", "--n-head", "2"];
afterEach(() => vi.restoreAllMocks());

describe("toolgym train", () => {
  it("trains from a config file with flags on top, then resumes to more steps", async () => {
    const out = tmp();
    const config = join(out, "..", `${Date.now()}-train.json`);
    writeFileSync(
      config,
      JSON.stringify({ steps: 3, batchSize: 4, tokenizer: { vocabSize: 300 } }),
    );
    const first = await run(
      "train",
      "--algo",
      "sft",
      "--envs",
      SAMPLE_ENVS_PATH,
      "--out",
      out,
      "--config",
      config,
      "--steps",
      "2",
      ...TINY,
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/sft: 2 steps in/);
    const saved = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
    expect(saved).toMatchObject({ steps: 2, batchSize: 4, model: { dModel: 32 } });
    expect(existsSync(join(out, "checkpoints", "step-2", "optimizer.safetensors"))).toBe(true);

    const resumed = await run("train", "--out", out, "--resume", "--steps", "3");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/sft: 3 steps \(resumed from step 2\)/);
    const steps = readFileSync(join(out, "metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).step);
    expect(steps).toEqual([1, 2, 3]);
  });

  it("trains on fresh environments like a built file by default; --no-fresh-envs on its own", async () => {
    const dir = tmp();
    const envs = join(dir, "train.jsonl");
    const build = ["envs", "build", "--count", "6", "--seed", "3", "--complexity", "none"];
    expect((await run(...build, "--scenarios", "single_hop", "--out", envs)).code).toBe(0);
    const train = ["train", "--algo", "sft", "--envs", envs, "--steps", "1", "--batch-size", "2"];
    const fresh = await run(...train, "--out", join(dir, "fresh"), ...TINY);
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toMatch(/new procedural environments like .*train\.jsonl \(single_hop\)/);
    const own = await run(...train, "--out", join(dir, "own"), "--no-fresh-envs", ...TINY);
    expect(own.code).toBe(0);
    expect(own.stderr).not.toMatch(/new procedural environments/);
    expect(JSON.parse(readFileSync(join(dir, "own", "config.json"), "utf8")).freshEnvs).toBe(false);
    // A file without build options: its own environments, and a line that says so.
    const bare = await run(
      ...["train", "--algo", "sft", "--envs", SAMPLE_ENVS_PATH, "--steps", "1"],
      ...["--out", join(dir, "bare"), ...TINY],
    );
    expect(bare.code).toBe(0);
    expect(bare.stderr).toMatch(/no procedural build options .* training on its own environments/);
  });

  it("names the file and field of a bad config value, and a flag of another algorithm", async () => {
    const out = tmp();
    const config = join(out, "bad.json");
    writeFileSync(config, JSON.stringify({ lr: -1 }));
    const bad = await run("train", "--envs", SAMPLE_ENVS_PATH, "--out", out, "--config", config);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${config}: field "lr"`);
    const wrong = await run(
      "train",
      "--algo",
      "grpo",
      "--envs",
      SAMPLE_ENVS_PATH,
      "--out",
      out,
      "--dpo-beta",
      "0.2",
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--dpo-beta: applies to dpo, not grpo/);
  });
});
