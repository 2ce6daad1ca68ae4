import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SAMPLE_ENVS_PATH } from "../../testing/sample-envs.js";
import { startScriptedChatServer } from "../../testing/scripted-chat-server.js";
import { runCli as run } from "../test-helpers/run-cli.js";

const TOOLGYM_TS = fileURLToPath(new URL("../test-helpers/toolgym-ts.ts", import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), "toolgym-operator-"));
const sampleLines = () => readFileSync(SAMPLE_ENVS_PATH, "utf8").trim().split("\n");
const lineCount = (file: string) => readFileSync(file, "utf8").trim().split("\n").length;
afterEach(() => vi.restoreAllMocks());

/** An environment record as JSON, for tests that break it. */
type RawRecord = { code: Record<string, string>; scenario: string; [field: string]: unknown };

/** The sample environments with line `at` (1-based) changed by `edit`. */
function envsWith(dir: string, at: number, edit: (record: RawRecord) => void): string {
  const lines = sampleLines();
  const record = JSON.parse(lines[at - 1]);
  edit(record);
  lines[at - 1] = JSON.stringify(record);
  const file = join(dir, "envs.jsonl");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const breakCode = (record: RawRecord) => {
  const tool = Object.keys(record.code)[0]!;
  record.code[tool] = `function ${tool}(args) { return args.`;
};

describe("toolgym eval: a bad environment costs only itself", () => {
  it("an environment whose tool code does not load is named by file, line and id, skipped and counted", async () => {
    const dir = tmp();
    const envs = envsWith(dir, 4, breakCode);
    const id = JSON.parse(sampleLines()[3]).id;
    const out = join(dir, "out");
    const first = await run("eval", "--envs", envs, "--policy", "oracle", "--out", out);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`${envs}:4: environment "${id}": tool "`);
    expect(first.stderr).toMatch(/could not be loaded \(syntax_error\).*skipped/);
    expect(lineCount(join(out, "trajectories.jsonl"))).toBe(11);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics).toMatchObject({ complete: true, episodes_expected: 11 });
    expect(metrics.skipped_environments.count).toBe(1);
    expect(metrics.skipped_environments.environments[0]).toMatchObject({ line: 4, id });
    expect(metrics.overall).toMatchObject({ episodes: 11, solve_f1: 1 });

    const strict = await run(
      "eval",
      "--envs",
      envs,
      "--policy",
      "oracle",
      "--out",
      join(dir, "s"),
      "--strict",
    );
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(`${envs}:4: environment "${id}": tool "`);
  });

  it("a record that is not an environment is reported with its line and field and skipped, unless --strict", async () => {
    const dir = tmp();
    const envs = envsWith(dir, 2, (record) => {
      record.scenario = "triple_hop";
    });
    const lenient = await run(
      "eval",
      "--envs",
      envs,
      "--policy",
      "oracle",
      "--out",
      join(dir, "o"),
    );
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/envs\.jsonl:2: field "scenario".*skipped/);
    const metrics = JSON.parse(readFileSync(join(dir, "o", "metrics.json"), "utf8"));
    expect(metrics.skipped_environments).toMatchObject({ count: 1 });
    expect(metrics.overall.episodes).toBe(11);

    const strict = await run(
      "eval",
      "--envs",
      envs,
      "--policy",
      "oracle",
      "--out",
      join(dir, "s"),
      "--strict",
    );
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/envs\.jsonl:2: field "scenario"/);
  });

  it("rejects duplicate environment ids, naming both lines", async () => {
    const dir = tmp();
    const lines = sampleLines();
    const envs = join(dir, "envs.jsonl");
    writeFileSync(envs, `${[...lines, lines[2]].join("\n")}\n`);
    const { code, stderr } = await run(
      "eval",
      "--envs",
      envs,
      "--policy",
      "oracle",
      "--out",
      join(dir, "o"),
    );
    expect(code).toBe(2);
    const id = JSON.parse(lines[2]).id;
    expect(stderr).toContain(`envs.jsonl:13: field "id" environment id "${id}" is also on line 3`);
    expect(existsSync(join(dir, "o", "trajectories.jsonl"))).toBe(false);
  });
});

describe("toolgym: output paths that cannot work exit 2 with what to do", () => {
  it("eval --out that is a file", async () => {
    const file = join(tmp(), "taken");
    writeFileSync(file, "");
    const { code, stderr } = await run(
      "eval",
      "--envs",
      SAMPLE_ENVS_PATH,
      "--policy",
      "oracle",
      "--out",
      file,
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      `toolgym: --out: ${file} is a file; give a directory (it is made if missing)\n`,
    );
  });

  it("eval --out in a directory it may not write (EACCES)", () => {
    const dir = tmp();
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    chmodSync(dir, 0o755);
    // Root writes anywhere: the CLI runs as nobody then, as an operator without the right would.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const out = join(locked, "run");
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        TOOLGYM_TS,
        "eval",
        "--envs",
        SAMPLE_ENVS_PATH,
        "--policy",
        "oracle",
        "--out",
        out,
      ],
      { encoding: "utf8", ...asUser },
    );
    expect(child.stderr).toContain(
      `toolgym: --out: ${out}: cannot write (EACCES): no permission to write there`,
    );
    expect(child.status).toBe(2);
  }, 120_000);

  it("envs build --out that is a directory, leaving nothing behind", async () => {
    const parent = tmp();
    const dir = join(parent, "envs");
    mkdirSync(dir);
    const { code, stderr } = await run(
      "envs",
      "build",
      "--count",
      "2",
      "--seed",
      "1",
      "--out",
      dir,
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      `toolgym: --out: ${dir} is a directory; give a file path, such as ${join(dir, "envs.jsonl")}\n`,
    );
    expect(readdirSync(parent)).toEqual(["envs"]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("toolgym eval: an endpoint that keeps failing", () => {
  it("says how many episodes are done and that rerunning resumes, writes partial metrics, and resumes", async () => {
    const dir = tmp();
    const out = join(dir, "o");
    // Five episodes answered at once, then nothing but 503s.
    let healthy = true;
    const server = await startScriptedChatServer({
      handler: ({ index }) =>
        healthy && index < 5 ? "The answer is 42." : { kind: "error", status: 503 },
    });
    try {
      const policy = `openai:m@${server.url}`;
      const args = ["eval", "--envs", SAMPLE_ENVS_PATH, "--policy", policy, "--out", out];
      const failed = await run(...args, "--concurrency", "1");
      expect(failed.code).toBe(2);
      expect(failed.stderr).toMatch(/HTTP 503.*after 4 attempts/);
      expect(failed.stderr).toContain("The run stopped early: 5 episode(s) are done in");
      expect(failed.stderr).toContain("Rerun the same command to resume");
      const partial = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
      expect(partial).toMatchObject({ complete: false, episodes_expected: 12 });
      expect(partial.overall.episodes).toBe(5);

      healthy = false;
      const resumed = await startScriptedChatServer({ handler: () => "The answer is 42." });
      try {
        const again = await run(...args.slice(0, 4), `openai:m@${resumed.url}`, "--out", out);
        expect(again.code).toBe(0);
        expect(again.stdout).toMatch(/7 episodes in .*5 already done \(resumed\)/);
        expect(resumed.requests).toHaveLength(7);
        expect(JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"))).toMatchObject({
          complete: true,
          overall: { episodes: 12 },
        });
      } finally {
        await resumed.close();
      }
    } finally {
      await server.close();
    }
  }, 30_000);
});
