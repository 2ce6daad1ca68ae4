import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../core/index.js";
import { SAMPLE_ENVS_PATH } from "../testing/sample-envs.js";
import { loadEnvironmentFiles } from "./environment-files.js";
import { loadReportInputs } from "./load-report-inputs.js";

function evalDir(root: string, name: string, envs?: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "metrics.json"), JSON.stringify(envs === undefined ? {} : { envs }));
  return dir;
}

describe("loadEnvironmentFiles", () => {
  it("finds a recorded relative path from the run's ancestors, reads each file once, and lists a missing one", async () => {
    // As `toolgym eval --envs data/envs.jsonl --out runs/a` run in `root` records it.
    const root = mkdtempSync(join(tmpdir(), "toolgym-report-envs-"));
    mkdirSync(join(root, "data"));
    copyFileSync(SAMPLE_ENVS_PATH, join(root, "data", "envs.jsonl"));
    const a = evalDir(join(root, "runs"), "a", "data/envs.jsonl");
    const b = evalDir(join(root, "runs"), "b", "data/envs.jsonl");
    const lost = evalDir(join(root, "runs"), "lost", "data/gone.jsonl");
    const inputs = await loadReportInputs([a, b, lost]);
    const { files, fileOf } = await loadEnvironmentFiles(inputs);
    expect(files.map((f) => [f.path, f.roles, f.records?.length])).toEqual([
      ["data/envs.jsonl", ["environments of a", "environments of b"], 12],
      ["data/gone.jsonl", ["environments of lost"], undefined],
    ]);
    expect(fileOf.get(inputs[0])).toBe(files[0]);
    expect(relative(root, files[0].resolved!)).toBe(join("data", "envs.jsonl"));
  });

  it("takes the one --envs file for evaluations that recorded none, and refuses a missing one", async () => {
    const root = mkdtempSync(join(tmpdir(), "toolgym-report-envs-"));
    const inputs = await loadReportInputs([evalDir(root, "x")]);
    const { files, fileOf } = await loadEnvironmentFiles(inputs, [SAMPLE_ENVS_PATH]);
    expect(files).toHaveLength(1);
    expect(fileOf.get(inputs[0])?.records?.[0].id).toBe("sample-01");
    await expect(loadEnvironmentFiles(inputs, [join(root, "none.jsonl")])).rejects.toThrow(
      ConfigError,
    );
  });
});
