import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SAMPLE_ENVS_PATH } from "../../testing/sample-envs.js";
import { runCli as run } from "../test-helpers/run-cli.js";

afterEach(() => vi.restoreAllMocks());

describe("toolgym eval resumes from a damaged trajectories.jsonl", () => {
  it("sets a garbled line and a torn last line aside, reports them, and plays their episodes again", async () => {
    const out = mkdtempSync(join(tmpdir(), "toolgym-resume-"));
    const args = ["eval", "--envs", SAMPLE_ENVS_PATH, "--policy", "oracle", "--out", out];
    expect((await run(...args)).code).toBe(0);
    const file = join(out, "trajectories.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    const garbled = `${lines[4]!.slice(0, 40)}\u0000\u0000 garbage`;
    const torn = lines[11]!.slice(0, 100);
    writeFileSync(file, [...lines.slice(0, 4), garbled, ...lines.slice(5, 11), torn].join("\n"));

    const again = await run(...args);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      `${file}: 2 line(s) set aside in ${file}.rejected, their episodes run again: line 5 (not valid JSON`,
    );
    expect(again.stderr).toContain("line 12 (torn: a write cut short)");
    expect(again.stdout).toMatch(/2 episodes in .*10 already done \(resumed\)/);
    expect(readFileSync(`${file}.rejected`, "utf8")).toBe(`${garbled}\n${torn}\n`);
    const kept = readFileSync(file, "utf8").trim().split("\n");
    expect(new Set(kept.map((line) => JSON.parse(line).id)).size).toBe(12);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics.overall).toMatchObject({ episodes: 12, solve_f1: 1 });

    // Nothing left to set aside or to play.
    const third = await run(...args);
    expect(third.stderr).not.toContain("set aside");
    expect(third.stdout).toMatch(/0 episodes in .*12 already done/);
  });
});
