import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeKernel } from "../../model/index.js";
import { formatNumber } from "../../report/format-number.js";
import { runCli as run } from "../test-helpers/run-cli.js";

// The whole demo end to end, made small: a tiny model trained on the file's environments rather
// than fresh ones (--config), a few steps, a few held-out environments. Some 20 s of CPU, so it
// runs with the slow tests.

afterEach(() => vi.restoreAllMocks());

const TINY_CONFIG = {
  batchSize: 2,
  groupSize: 2,
  maxNewTokens: 16,
  maxTurns: 2,
  freshEnvs: false,
  // A context the held-out gold plans fit in with this small vocabulary (sft's held-out loss).
  model: { ctx: 1024, dModel: 32, nLayer: 1, nHead: 2 },
  tokenizer: { vocabSize: 300 },
};

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const lines = (file: string) => readFileSync(file, "utf8").trim().split("\n");

/** The summary's table: metric label → column label → cell text. */
function parseTable(stdout: string): Map<string, Map<string, string>> {
  const rows = stdout
    .split("\n")
    .slice(1)
    .filter((line) => /^\S.*\d\.\d{3}/.test(line) || line.startsWith("metric"))
    .map((line) => line.split(/ {3,}/));
  const header = rows.find((row) => row[0] === "metric")!;
  const table = new Map<string, Map<string, string>>();
  for (const row of rows.filter((r) => r !== header)) {
    table.set(row[0], new Map(header.slice(1).map((column, i) => [column, row[i + 1]])));
  }
  return table;
}

describe("toolgym demo", () => {
  it("builds, trains sft then grpo, evaluates before and after each, and writes the report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgym-demo-"));
    const config = join(dir, "tiny.json");
    writeFileSync(config, JSON.stringify(TINY_CONFIG));
    const out = join(dir, "demo");
    const args = ["demo", "--out", out, "--config", config, "--seed", "3", "--train-envs", "50"];
    const sizes = ["--sft-steps", "2", "--rl-steps", "1", "--held-out", "6"];
    const { stdout, stderr, code } = await run(...args, ...sizes);
    expect(code, stderr).toBe(0);

    // Progress all the way: each stage's header, steps with ETAs, the plan and the kernel.
    for (let i = 1; i <= 7; i++) expect(stderr).toContain(`[${i}/7] `);
    expect(stderr).toContain("plan: sft 2 steps, grpo 1 steps, 6 held-out environments");
    expect(stderr).toMatch(/ {2}2\/2 loss \d\.\d{3} .* · \d+s, eta 0s \(demo \d+(m\d\ds|s)\)/);

    // The files of every stage, as `toolgym train` and `toolgym eval` write them.
    expect(lines(join(out, "envs", "held-out.jsonl"))).toHaveLength(6);
    expect(lines(join(out, "envs", "train.jsonl"))).toHaveLength(50);
    expect(existsSync(join(out, "envs", "train.jsonl.stats.json"))).toBe(true);
    expect(existsSync(join(out, "sft", "checkpoints", "step-2", "model.safetensors"))).toBe(true);
    expect(readJson(join(out, "grpo", "config.json"))).toMatchObject({
      algo: "grpo",
      steps: 1,
      seed: 3,
      init: join(out, "sft", "checkpoints", "step-2"),
      evalEnvs: join(out, "envs", "held-out.jsonl"),
    });
    const evals = {
      untrained: "eval-untrained",
      "after sft": "eval-sft",
      "after grpo": "eval-grpo",
    };
    for (const evalDir of Object.values(evals)) {
      expect(lines(join(out, evalDir, "trajectories.jsonl"))).toHaveLength(6);
    }
    const state = readJson(join(out, "demo.json"));
    expect(state.plan).toMatchObject({ sftSteps: 2, rlSteps: 1, heldOut: 6 });
    expect(state.finished.kernel).toBe(describeKernel());

    // The summary: the table's figures are the evaluations' metrics.json, and the page shows
    // each cell as the table does.
    const table = parseTable(stdout);
    const page = readFileSync(join(out, "report.html"), "utf8");
    const rows = { "Solve-F1": "solve_f1", "answer accuracy": "answer_accuracy", reward: "reward" };
    for (const [label, evalDir] of Object.entries(evals)) {
      const metrics = readJson(join(out, evalDir, "metrics.json"));
      expect(metrics.overall.episodes).toBe(6);
      for (const [row, key] of Object.entries(rows)) {
        const cell = table.get(row)?.get(`${label} (n=6)`);
        expect(cell, `${row} of ${label}`).toMatch(/^\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]$/);
        const [estimate, interval] = cell!.split(" [");
        expect(estimate).toBe(formatNumber(metrics.overall[key]));
        expect(page).toContain(
          `<span class="est">${estimate}</span> <span class="ci">[${interval}</span>`,
        );
      }
    }
    expect(stdout).toContain(`report → ${join(out, "report.html")}`);
    expect(stdout).toContain(`kernel: ${describeKernel()}`);
    expect(stdout).toMatch(
      /sft's loss on the held-out gold plans: \d\.\d{3} → \d\.\d{3} nats\/token/,
    );
    expect(stdout).toMatch(/wall time: \d+(m\d\ds|s) \(environments \d+s, sft 2 steps/);
    expect(stdout).toContain(
      `the same run again: toolgym demo --seed 3 --minutes 10 --train-envs 50 --sft-steps 2 --rl-steps 1 --held-out 6 --config ${config} --out ${out} --force`,
    );

    // A finished demo is not run again by accident.
    const again = await run(...args, ...sizes);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`toolgym: --out: ${out} holds a finished demo`);
    expect(again.stderr).toContain("pass --force to run it again, or choose another --out");

    // An interrupted one continues: what is finished is kept, the rest is done.
    rmSync(join(out, "eval-grpo", "metrics.json"));
    rmSync(join(out, "report.html"));
    writeFileSync(join(out, "demo.json"), JSON.stringify({ ...state, finished: undefined }));
    const other = await run(...args, "--sft-steps", "3", "--rl-steps", "1", "--held-out", "6");
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /unfinished demo asked for with other options \(--seed 3 .*--sft-steps 2 /,
    );
    const resumed = await run(...args, ...sizes);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`continuing the unfinished demo in ${out}`);
    expect(resumed.stderr.match(/already done, kept/g)).toHaveLength(5);
    expect(parseTable(resumed.stdout)).toEqual(table);
    expect(existsSync(join(out, "report.html"))).toBe(true);
  }, 240_000);
});
