import { spawn } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeAll } from "../../core/index.js";
import { createOraclePolicy } from "../../policy/index.js";
import { runRollouts } from "../../rollout/index.js";
import { loadSampleEnvs, SAMPLE_ENVS_PATH } from "../../testing/sample-envs.js";

const TOOLGYM_TS = fileURLToPath(new URL("../test-helpers/toolgym-ts.ts", import.meta.url));
const MIB = 2 ** 20;
/** Each trajectory's final reply is this long: a model that writes a megabyte. */
const REPLY_CHARS = MIB;
/** Samples per sample environment: 12 × 94 lines of 1 MiB, a file over 1.1 GiB. */
const SAMPLES = 94;
/** The small output peak memory is compared with: 12 × 8 lines, about 96 MiB. */
const SMALL_SAMPLES = 8;
/** The resuming process's V8 heap limit, and what it may hold at its peak: a fraction of the file. */
const MAX_HEAP_MIB = 160;
const MAX_RSS_MIB = 400;
/** How much more the resume of the 1.1 GiB file may hold at its peak than that of the 96 MiB one. */
const MAX_GROWTH_MIB = 64;

const fixtures = mkdtempSync(join(tmpdir(), "toolgym-resume-1gb-"));
afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

/**
 * trajectories.jsonl of an eval over the sample environments with `samples` samples each, every
 * final reply a megabyte long, written straight to disk (playing 1,128 such episodes would take
 * minutes): the oracle's trajectories with ids `<env>#<k>`. The middle line is garbled and the
 * last line torn, as a bad disk and a crash would leave them. Returns the number of lines and
 * the garbled one's.
 */
async function writeLargeOutput(file: string, samples: number) {
  const { trajectories } = await runRollouts({
    records: await loadSampleEnvs(),
    policy: createOraclePolicy(),
  });
  // Each trajectory's line once, around a placeholder id: copies differ only in the id.
  const templates = trajectories.map((t) => {
    const final = t.messages.at(-1)!;
    const long = { ...final, content: `${final.content} ${"w".repeat(REPLY_CHARS)}` };
    const text = JSON.stringify({
      ...t,
      id: "\u0000",
      messages: [...t.messages.slice(0, -1), long],
    });
    const [before, after] = text.split('"\\u0000"');
    return { envId: t.env_id, before: Buffer.from(before!), after: Buffer.from(`${after}\n`) };
  });
  const total = samples * templates.length;
  const garbled = Math.floor(total / 2);
  const fd = openSync(file, "w");
  let line = 0;
  try {
    for (let k = 0; k < samples; k++) {
      for (const { envId, before, after } of templates) {
        line += 1;
        writeAll(fd, before);
        if (line === garbled) writeAll(fd, Buffer.from('"garbage\n'));
        else if (line === total) writeAll(fd, Buffer.from(`"${envId}#${k}", "mess`));
        else {
          writeAll(fd, Buffer.from(JSON.stringify(`${envId}#${k}`)));
          writeAll(fd, after);
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return { lines: total, garbled };
}

function runToolgym(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The heap capped far below the file's size: reading it whole could not even start.
    const heap = `--max-old-space-size=${MAX_HEAP_MIB}`;
    const child = spawn(process.execPath, [heap, "--import", "tsx", TOOLGYM_TS, ...args], {
      env: { ...process.env, TOOLGYM_TEST_MAX_RSS: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Writes a damaged output of `samples` samples per environment and resumes it with `toolgym eval`
 * as a child process: the garbled and torn lines must be set aside and replayed, the metrics
 * cover every episode. Returns the file's size and the child's peak RSS.
 */
async function resume(name: string, samples: number) {
  const out = join(fixtures, name);
  mkdirSync(out);
  const file = join(out, "trajectories.jsonl");
  const { lines, garbled } = await writeLargeOutput(file, samples);
  const size = statSync(file).size;
  const started = performance.now();
  const { code, stdout, stderr } = await runToolgym([
    "eval",
    "--envs",
    SAMPLE_ENVS_PATH,
    "--policy",
    "oracle",
    "--samples",
    String(samples),
    "--out",
    out,
  ]);
  const seconds = (performance.now() - started) / 1000;
  expect(code, stderr).toBe(0);
  expect(stderr).toContain("2 line(s) set aside");
  expect(stderr).toContain(`line ${garbled} (not valid JSON`);
  expect(stderr).toContain(`line ${lines} (torn: a write cut short)`);
  expect(stdout).toMatch(new RegExp(`2 episodes in .*${lines - 2} already done \\(resumed\\)`));
  const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
  expect(metrics.overall).toMatchObject({ episodes: lines, solve_f1: 1 });
  const maxRssMib = Number(/max-rss-kib (\d+)/.exec(stderr)![1]) / 1024;
  process.stderr.write(
    `resume of a ${(size / MIB).toFixed(0)} MiB trajectories.jsonl (${lines} lines): ` +
      `peak RSS ${maxRssMib.toFixed(0)} MiB, ${seconds.toFixed(1)}s\n`,
  );
  rmSync(out, { recursive: true, force: true });
  return { size, maxRssMib };
}

describe("resuming an eval whose output is over 1 GiB", () => {
  it("streams it: peak memory flat in the file's size; damaged lines are set aside and replayed", async () => {
    const small = await resume("small", SMALL_SAMPLES);
    const large = await resume("large", SAMPLES);
    expect(large.size).toBeGreaterThan(2 ** 30);
    expect(large.size / small.size).toBeGreaterThan(10);
    expect(large.maxRssMib).toBeLessThan(MAX_RSS_MIB);
    expect(large.maxRssMib - small.maxRssMib).toBeLessThan(MAX_GROWTH_MIB);
  }, 600_000);
});
