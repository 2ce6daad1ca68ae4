import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";
import { saveModel } from "../../model/index.js";
import { memorizedModel } from "../../testing/memorized-model.js";
import { loadSampleEnvs, SAMPLE_ENVS_PATH } from "../../testing/sample-envs.js";
import { runCli } from "../test-helpers/run-cli.js";
import { serveModelCommand } from "./serve-commands.js";

const TOOLGYM_TS = fileURLToPath(new URL("../test-helpers/toolgym-ts.ts", import.meta.url));
const toolgymArgs = (...args: string[]) => ["--import", "tsx", TOOLGYM_TS, ...args];
const MEMORIZED = ["sample-01", "sample-04", "sample-07"];

describe("toolgym serve model + toolgym eval --policy openai:…", () => {
  it("evaluates the built-in model through its own OpenAI-compatible server", async () => {
    const records = (await loadSampleEnvs()).filter((r) => MEMORIZED.includes(r.id));
    const { model, tokenizer } = await memorizedModel({ records });
    const dir = mkdtempSync(join(tmpdir(), "toolgym-serve-model-"));
    const checkpoint = join(dir, "tiny");
    await saveModel(checkpoint, model, { tokenizer });
    const server = await serveModelCommand({
      spec: `builtin:${checkpoint}`,
      host: "127.0.0.1",
      port: 0,
      maxBodyBytes: 1 << 20,
      maxN: 4,
      seed: 1,
    });
    try {
      const out = join(dir, "eval");
      const limit = [
        "--limit",
        "7",
        "--envs",
        SAMPLE_ENVS_PATH,
        "--out",
        out,
        "--temperature",
        "0",
        "--max-turns",
        "4",
      ];
      const { code, stdout, stderr } = await runCli(
        "eval",
        "--policy",
        `openai:tiny@${server.url}/v1`,
        ...limit,
      );
      expect(stderr).not.toMatch(/error/i);
      expect(code).toBe(0);
      expect(stdout).toMatch(/7 episodes/);
      const trajectories = readFileSync(join(out, "trajectories.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      // The three environments it memorized are solved through the HTTP round trip, multi-turn
      // sample-07 included; the rest it never saw.
      for (const id of MEMORIZED) {
        const t = trajectories.find((x) => x.env_id === id);
        expect(t.policy).toBe("openai:tiny");
        expect(t.metrics).toMatchObject({ solve_f1: 1, answer_correct: true });
      }
      expect(trajectories.find((x) => x.env_id === "sample-07").metrics.n_turns).toBe(3);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("refuses a spec that is not builtin:DIR, and a directory without a checkpoint", async () => {
    const bad = await runCli("serve", "model", "openai:gpt", "--port", "0");
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/"openai:gpt" is not builtin:CHECKPOINT_DIR/);
    const empty = await runCli(
      "serve",
      "model",
      `builtin:${mkdtempSync(join(tmpdir(), "x-"))}`,
      "--port",
      "0",
    );
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/is not a usable checkpoint/);
  });
});

describe("toolgym serve mcp over stdio (the SDK's Client spawning the CLI)", () => {
  it("lists the tools and runs a call, with tool errors as isError", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: toolgymArgs("serve", "mcp", "--envs", SAMPLE_ENVS_PATH, "--env", "sample-01"),
      stderr: "pipe",
    });
    const client = new Client({ name: "toolgym-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(["get_weather", "convert_currency"]);
      expect(tools[0].inputSchema).toMatchObject({
        required: ["city"],
        additionalProperties: false,
      });
      const ok = await client.callTool({ name: "get_weather", arguments: { city: "Lisbon" } });
      expect(ok).toMatchObject({
        isError: false,
        content: [{ type: "text", text: expect.stringContaining('"temp_c":19') }],
      });
      const bad = await client.callTool({ name: "get_weather", arguments: {} });
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
  }, 30_000);
});

describe("toolgym serve reward as a process", () => {
  it("binds 127.0.0.1, takes its token from TOOLGYM_TOKEN, and stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      toolgymArgs("serve", "reward", "--envs", SAMPLE_ENVS_PATH, "--port", "0"),
      {
        env: { ...process.env, TOOLGYM_TOKEN: "from-env" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk) => {
        stderr += String(chunk);
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1]);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/health`)).status).toBe(401);
    expect(
      (await fetch(`${url}/health`, { headers: { authorization: "Bearer from-env" } })).status,
    ).toBe(200);
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 30_000);
});
