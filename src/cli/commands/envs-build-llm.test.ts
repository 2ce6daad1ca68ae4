import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixture, startStageServer } from "../../envgen/llm/test-helpers/scripted-stage-server.js";
import type { ScriptedChatServer } from "../../testing/scripted-chat-server.js";
import { runCli as run } from "../test-helpers/run-cli.js";

// `toolgym envs build --llm-*` against the scripted server on 127.0.0.1 replaying recorded replies.

const portugal = (file: string) => fixture("portugal", file);
const script = () => ({
  decomposition: [portugal("1-decomposition")],
  documentGeneration: [portugal("2-document-generation")],
  functionIntegration: [portugal("3-function-integration")],
  complexityScaling: [portugal("4-complexity-scaling")],
  localizedDeployment: [portugal("5-localized-deployment")],
});

let server: ScriptedChatServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), "toolgym-envs-llm-"));
  dirs.push(dir);
  return dir;
};

describe("toolgym envs build --llm-base-url", () => {
  it("builds with the LLM backend, prints its usage, and reruns from the cache for free", async () => {
    const dir = tmp();
    const seeds = join(dir, "seeds.txt");
    writeFileSync(seeds, "# one topic\nworld capitals and populations\n");
    const args = (out: string) => [
      "envs",
      "build",
      "--count",
      "1",
      "--seed",
      "3",
      "--scenarios",
      "parallel_single_hop",
      "--complexity",
      "none,expansion=1,distractors=1",
      "--out",
      join(dir, out),
      "--llm-base-url",
      server!.url,
      "--llm-model",
      "gen-model",
      "--llm-cache",
      join(dir, "cache"),
      "--llm-seeds",
      seeds,
    ];
    ({ server } = await startStageServer(script()));
    const first = await run(...args("a.jsonl"));
    expect(first.stderr).toMatch(/^envs build: 1\/1/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^1 environments in .*a\.jsonl/m);
    expect(first.stdout).toMatch(
      /^llm:gen-model: 5 requests, [\d,]+ tokens \([\d,]+ prompt \+ [\d,]+ completion\), 0 cached answers, response format json_schema$/m,
    );
    const [record] = readFileSync(join(dir, "a.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(record.meta.source).toBe("llm:gen-model");
    expect(JSON.parse(readFileSync(join(dir, "a.jsonl.stats.json"), "utf8")).backend).toBe(
      "llm:gen-model",
    );
    expect(server!.requests[0]!.messages[1]!.content).toContain("world capitals and populations");
    expect(readdirSync(join(dir, "cache")).sort()).toEqual([
      "complexityScaling",
      "decomposition",
      "documentGeneration",
      "functionIntegration",
      "localizedDeployment",
    ]);

    await server!.close();
    ({ server } = await startStageServer({}));
    const second = await run(...args("b.jsonl"));
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^llm:gen-model: 0 requests, 0 tokens .*, 5 cached answers/m);
    expect(server!.requests).toHaveLength(0);
    expect(readFileSync(join(dir, "b.jsonl"), "utf8")).toBe(
      readFileSync(join(dir, "a.jsonl"), "utf8"),
    );
  });

  it("says what is missing when only half of the endpoint is given", async () => {
    const out = join(tmp(), "x.jsonl");
    const base = ["envs", "build", "--count", "1", "--seed", "1", "--out", out];
    const noModel = await run(...base, "--llm-base-url", "http://127.0.0.1:9/v1");
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/--llm-base-url: needs --llm-model/);
    const noUrl = await run(...base, "--llm-model", "m");
    expect(noUrl.stderr).toMatch(/--llm-model: needs --llm-base-url/);
    const missingSeeds = await run(
      ...base,
      "--llm-base-url",
      "http://127.0.0.1:9/v1",
      "--llm-model",
      "m",
      "--llm-seeds",
      join(tmp(), "none.txt"),
    );
    expect(missingSeeds.stderr).toMatch(/seeds: cannot read .*none\.txt/);
  });
});
