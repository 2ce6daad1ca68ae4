import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../sandbox/index.js";
import type { ScriptEntry, ScriptedChatServer } from "../../testing/scripted-chat-server.js";
import { buildEnvironments } from "../build-environments.js";
import type { ComplexityKnobs, StageName } from "../stages/stage-types.js";
import { verifyEnvironment } from "../verify-environment.js";
import { createLlmBackend, formatLlmSummary } from "./create-llm-backend.js";
import { createJsonChatClient } from "./json-chat-client.js";
import { fixture, startStageServer } from "./test-helpers/scripted-stage-server.js";

// End to end through the real pieces: the `openai` SDK against the scripted HTTP server on
// 127.0.0.1 replaying recorded model replies, the builder, the sandbox and verification.

const KNOBS: ComplexityKnobs = {
  functionalGeneralization: 0,
  parameterExpansion: 1,
  parameterTypeGeneralization: 0,
  distractors: 1,
  nearDuplicates: 0,
};
const NONE: ComplexityKnobs = { ...KNOBS, parameterExpansion: 0, distractors: 0 };
const portugal = (file: string) => fixture("portugal", file);
const australia = (file: string) => fixture("australia", file);
/** A reply with the token counts a server would report for it. */
const reply = (content: string, promptTokens: number, completionTokens: number): ScriptEntry => ({
  kind: "reply",
  content,
  usage: { promptTokens, completionTokens },
});
const PORTUGAL: Record<StageName, ScriptEntry[]> = {
  decomposition: [reply(portugal("1-decomposition"), 900, 300)],
  documentGeneration: [reply(portugal("2-document-generation"), 1100, 400)],
  functionIntegration: [reply(portugal("3-function-integration"), 1000, 350)],
  complexityScaling: [reply(portugal("4-complexity-scaling"), 1200, 600)],
  localizedDeployment: [reply(portugal("5-localized-deployment"), 1300, 800)],
};

let sandbox: Sandbox;
let server: ScriptedChatServer | undefined;
const dirs: string[] = [];
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function build(
  script: Partial<Record<StageName, ScriptEntry[]>>,
  options: {
    scenario?: "parallel_single_hop" | "multi_hop";
    complexity?: ComplexityKnobs;
    cacheDir?: string;
    refuse?: string[];
    maxAttemptsPerEnv?: number;
  } = {},
) {
  const started = await startStageServer(script, { refuse: options.refuse ?? [] });
  server = started.server;
  const sleeps: number[] = [];
  const client = createJsonChatClient({
    model: "gen-model",
    baseURL: server.url,
    timeoutMs: 5_000,
    _internal: { sleep: async (ms) => void sleeps.push(ms) },
  });
  const backend = createLlmBackend({
    client,
    sandbox,
    seeds: [{ topic: "world capitals and populations" }],
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  });
  const run = buildEnvironments({
    backend,
    sandbox,
    count: 1,
    seed: 7,
    scenarios: [options.scenario ?? "parallel_single_hop"],
    complexity: options.complexity ?? KNOBS,
    maxAttemptsPerEnv: options.maxAttemptsPerEnv ?? 1,
  });
  return { run, backend, client, sleeps, ...started };
}

const lastUserMessage = (server: ScriptedChatServer, i: number) =>
  server.requests[i]!.messages.at(-1)!.content as string;

describe("the LLM backend, end to end", () => {
  it("builds a verified environment from good replies and totals their usage", async () => {
    const { run, backend, server, requestsByStage } = await build(PORTUGAL);
    const { records, rejections } = await run;
    expect(rejections).toEqual({});
    const [record] = records;
    expect(verifyEnvironment(record, { sandbox })).toEqual({ ok: true });
    expect(record).toMatchObject({
      id: "env-000000",
      scenario: "parallel_single_hop",
      answer: "Lisbon, 10,467,366",
      subtasks: [
        {
          tool: "get_country_info",
          arguments: { country: "Portugal", field: "capital" },
          answer: "Lisbon",
        },
        {
          tool: "get_country_info",
          arguments: { country: "Portugal", field: "population" },
          answer: "10,467,366",
        },
      ],
      meta: {
        seed: 7,
        source: "llm:gen-model",
        tool_roles: { get_country_info: "needed", get_exchange_rate: "distractor" },
        merges: [
          { into: "get_country_info", from: ["get_country_capital", "get_country_population"] },
        ],
      },
    });
    expect(record!.messages[1]!.content).toMatch(/fact sheet on Portugal/);
    expect(Object.keys(record!.code)).toEqual(["get_country_info", "get_exchange_rate"]);
    // The decomposition reply is fenced and has trailing commas: repaired, not re-asked.
    expect(requestsByStage).toEqual({
      decomposition: 1,
      documentGeneration: 1,
      functionIntegration: 1,
      complexityScaling: 1,
      localizedDeployment: 1,
    });
    expect(
      server.requests.every((r) => (r.response_format as { type: string }).type === "json_schema"),
    ).toBe(true);
    expect(backend.usage()).toEqual({
      decomposition: { promptTokens: 900, completionTokens: 300, totalTokens: 1200 },
      documentGeneration: { promptTokens: 1100, completionTokens: 400, totalTokens: 1500 },
      functionIntegration: { promptTokens: 1000, completionTokens: 350, totalTokens: 1350 },
      complexityScaling: { promptTokens: 1200, completionTokens: 600, totalTokens: 1800 },
      localizedDeployment: { promptTokens: 1300, completionTokens: 800, totalTokens: 2100 },
    });
    expect(backend.requests).toBe(5);
    expect(formatLlmSummary(backend)).toBe(
      "llm:gen-model: 5 requests, 7,950 tokens (5,500 prompt + 2,450 completion), 0 cached answers, response format json_schema",
    );
  });

  it("re-asks once when a reply fails the schema, with the problem stated", async () => {
    const { run, server, requestsByStage } = await build({
      ...PORTUGAL,
      documentGeneration: [
        portugal("2-document-generation.invalid"),
        portugal("2-document-generation"),
      ],
    });
    expect((await run).records).toHaveLength(1);
    expect(requestsByStage.documentGeneration).toBe(2);
    expect(lastUserMessage(server, 2)).toMatch(/does not match the schema — tools\.0\.parameters/);
  });

  it("repairs buggy tool code in one round with the verification error fed back", async () => {
    const { run, server, requestsByStage } = await build({
      ...PORTUGAL,
      localizedDeployment: [
        portugal("5-localized-deployment.buggy"),
        portugal("5-localized-deployment.repaired"),
      ],
    });
    const { records, rejections } = await run;
    expect(rejections).toEqual({});
    expect(verifyEnvironment(records[0], { sandbox })).toEqual({ ok: true });
    expect(requestsByStage.localizedDeployment).toBe(2);
    const repairInput = lastUserMessage(server, 5);
    expect(repairInput).toContain('"repair"');
    expect(repairInput).toMatch(/wrong_subanswer: step 1: \\"10,467,366\\" not in/);
    expect(repairInput).toContain('if (args.field = \\"capital\\")');
  });

  it("rejects code that stays wrong after its repair round, counting the reason", async () => {
    const { run, requestsByStage } = await build(
      {
        ...PORTUGAL,
        decomposition: [portugal("1-decomposition"), portugal("1-decomposition")],
        documentGeneration: [portugal("2-document-generation"), portugal("2-document-generation")],
        functionIntegration: [
          portugal("3-function-integration"),
          portugal("3-function-integration"),
        ],
        localizedDeployment: [
          portugal("5-localized-deployment.buggy"),
          portugal("5-localized-deployment.still-buggy"),
          portugal("5-localized-deployment"),
        ],
      },
      { complexity: NONE, maxAttemptsPerEnv: 2 },
    );
    const { records, rejections, attempts } = await run;
    expect(rejections).toEqual({ call_failed: 1 });
    expect(attempts).toBe(2);
    expect(records).toHaveLength(1);
    expect(requestsByStage.localizedDeployment).toBe(3);
  });

  it("rejects a wrong sub-answer that the repair round cannot fix", async () => {
    const { run, server, requestsByStage } = await build(
      {
        decomposition: [australia("1-decomposition")],
        documentGeneration: [australia("2-document-generation")],
        functionIntegration: [australia("3-function-integration")],
        localizedDeployment: [
          australia("5-localized-deployment"),
          australia("5-localized-deployment.repair"),
        ],
      },
      { scenario: "multi_hop", complexity: NONE },
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "EnvgenExhaustedError",
      rejections: { wrong_subanswer: 1 },
    });
    expect(requestsByStage).toEqual({
      decomposition: 1,
      documentGeneration: 1,
      functionIntegration: 1,
      localizedDeployment: 2,
    });
    expect(lastUserMessage(server, 4)).toMatch(/wrong_subanswer: step 0: \\"Sydney\\" not in/);
  });

  it("rejects a plan fault before asking for code", async () => {
    const { run, requestsByStage } = await build(
      { ...PORTUGAL, decomposition: [portugal("1-decomposition.sentence-answer")] },
      { complexity: NONE },
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toMatchObject({ rejections: { answer_not_derived: 1 } });
    expect(requestsByStage.localizedDeployment).toBeUndefined();
  });

  it("retries an HTTP 500 and goes on", async () => {
    const { run, server, sleeps } = await build({
      ...PORTUGAL,
      decomposition: [{ kind: "error", status: 500 }, ...PORTUGAL.decomposition],
    });
    expect((await run).records).toHaveLength(1);
    expect(server.requests).toHaveLength(6);
    expect(sleeps).toHaveLength(1);
  });

  it("falls back to json_object on a server without json_schema, and remembers", async () => {
    const { run, client, server } = await build(PORTUGAL, { refuse: ["json_schema"] });
    expect((await run).records).toHaveLength(1);
    expect(client.responseFormat).toBe("json_object");
    const formats = server.requests.map((r) => (r.response_format as { type: string }).type);
    expect(formats).toEqual(["json_schema", ...Array(5).fill("json_object")]);
  });

  it("serves a rerun from the cache without a single request", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "toolgym-llm-cache-"));
    dirs.push(cacheDir);
    const first = await build(PORTUGAL, { cacheDir });
    const { records } = await first.run;
    expect(first.server.requests).toHaveLength(5);
    await first.server.close();

    const second = await build({}, { cacheDir });
    const rerun = await second.run;
    expect(second.server.requests).toHaveLength(0);
    expect(rerun.records).toEqual(records);
    expect(second.backend.usage()).toEqual({});
    expect(second.backend.cacheHits()).toEqual({
      decomposition: 1,
      documentGeneration: 1,
      functionIntegration: 1,
      complexityScaling: 1,
      localizedDeployment: 1,
    });
  });
});
