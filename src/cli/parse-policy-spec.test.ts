import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { ConfigError, TrajectorySchema } from "../core/index.js";
import { Gpt, saveModel } from "../model/index.js";
import { sampleChatTokenizer } from "../testing/sample-chat-tokenizer.js";
import { SAMPLE_ENVS_PATH } from "../testing/sample-envs.js";
import { main } from "./main.js";
import { parsePolicySpec } from "./parse-policy-spec.js";

describe("parsePolicySpec builtin:DIR", () => {
  it("names the checkpoint, and refuses an empty directory name", () => {
    expect(parsePolicySpec("builtin:runs/sft").name).toBe("builtin:runs/sft");
    expect(() => parsePolicySpec("builtin:")).toThrow(ConfigError);
  });

  it("toolgym eval --policy builtin:DIR plays a saved checkpoint and records its tokens", async () => {
    const tokenizer = await sampleChatTokenizer();
    const model = new Gpt({
      config: { vocabSize: tokenizer.vocabSize, ctx: 512, dModel: 32, nLayer: 2, nHead: 2 },
      seed: 1,
    });
    const dir = mkdtempSync(join(tmpdir(), "toolgym-ckpt-"));
    await saveModel(dir, model, { tokenizer });
    const out = mkdtempSync(join(tmpdir(), "toolgym-eval-"));
    let stdout = "";
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    process.exitCode = 0;
    try {
      await main([
        "node",
        "toolgym",
        "eval",
        "--envs",
        SAMPLE_ENVS_PATH,
        "--policy",
        `builtin:${dir}`,
        "--out",
        out,
        "--max-turns",
        "2",
      ]);
    } finally {
      vi.restoreAllMocks();
    }
    expect(write).toHaveBeenCalled();
    expect(Number(process.exitCode ?? 0)).toBe(0);
    expect(stdout).toMatch(/overall\s+12\s/);
    const lines = readFileSync(join(out, "trajectories.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(12);
    for (const line of lines) {
      const trajectory = TrajectorySchema.parse(JSON.parse(line));
      expect(trajectory.policy).toBe(`builtin:${dir}`);
      expect(trajectory.tokens!.ids.length).toBeGreaterThan(0);
    }
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics.policy).toBe(`builtin:${dir}`);
  });

  it("fails with an operator error when the directory holds no checkpoint", async () => {
    let stderr = "";
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    process.exitCode = 0;
    try {
      const out = mkdtempSync(join(tmpdir(), "toolgym-eval-"));
      await main([
        "node",
        "toolgym",
        "eval",
        "--envs",
        SAMPLE_ENVS_PATH,
        "--policy",
        "builtin:/nonexistent/ckpt",
        "--out",
        out,
      ]);
    } finally {
      vi.restoreAllMocks();
    }
    expect(process.exitCode).toBe(2);
    expect(stderr).toMatch(/nonexistent/);
    process.exitCode = 0;
  });
});
