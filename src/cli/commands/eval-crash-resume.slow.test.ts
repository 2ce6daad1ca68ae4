import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SAMPLE_ENVS_PATH } from "../../testing/sample-envs.js";

const TOOLGYM_TS = fileURLToPath(new URL("../test-helpers/toolgym-ts.ts", import.meta.url));
const SAMPLES = 40;
const KILLS = 5;

const fixtures = mkdtempSync(join(tmpdir(), "toolgym-crash-resume-"));
afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

const evalArgs = (out: string) => [
  "--import",
  "tsx",
  TOOLGYM_TS,
  "eval",
  "--envs",
  SAMPLE_ENVS_PATH,
  "--policy",
  "oracle",
  "--samples",
  String(SAMPLES),
  "--concurrency",
  "4",
  "--out",
  out,
];

/**
 * Runs `toolgym eval` as a process; with `killAtBytes`, kills it with SIGKILL as soon as its
 * trajectories.jsonl has grown past that many bytes (mid-run, maybe mid-write).
 */
function runEval(
  out: string,
  killAtBytes?: number,
): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, evalArgs(out), { stdio: "ignore" });
    const file = join(out, "trajectories.jsonl");
    const watch =
      killAtBytes === undefined
        ? undefined
        : setInterval(() => {
            if (existsSync(file) && statSync(file).size > killAtBytes) child.kill("SIGKILL");
          }, 2);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearInterval(watch);
      resolve({ code, signal });
    });
  });
}

const sortedLines = (file: string) => readFileSync(file, "utf8").trim().split("\n").sort();

describe("toolgym eval killed with SIGKILL at random moments", () => {
  it(`resumes after ${KILLS} kills to the same trajectories as a run never interrupted`, async () => {
    const reference = join(fixtures, "reference");
    expect(await runEval(reference)).toMatchObject({ code: 0 });
    const expected = sortedLines(join(reference, "trajectories.jsonl"));
    expect(expected).toHaveLength(12 * SAMPLES);
    const total = statSync(join(reference, "trajectories.jsonl")).size;

    const crashed = join(fixtures, "crashed");
    const killed: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      // Kill points spread over the run, each after the last one's.
      const at = Math.floor(((i + Math.random()) / (KILLS + 1)) * total);
      const { signal, code } = await runEval(crashed, at);
      expect(code === 0 || signal === "SIGKILL").toBe(true);
      killed.push(at);
    }
    expect(await runEval(crashed)).toMatchObject({ code: 0 });
    expect(sortedLines(join(crashed, "trajectories.jsonl"))).toEqual(expected);
    const metrics = (dir: string) => {
      const { overall, by_scenario } = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8"));
      return { overall, by_scenario };
    };
    expect(metrics(crashed)).toEqual(metrics(reference));
  }, 600_000);
});
