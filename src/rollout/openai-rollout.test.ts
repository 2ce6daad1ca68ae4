/**
 * End to end through the network: the OpenAI policy (the real `openai` SDK) against a real HTTP
 * server on loopback that replays scripted chat completions, played in the sample environments.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderChatText } from "../chat/index.js";
import {
  type EnvironmentRecord,
  renderHermesChat,
  type Trajectory,
  TrajectorySchema,
} from "../core/index.js";
import { createOpenAIPolicy } from "../policy/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { loadSampleEnvs } from "../testing/sample-envs.js";
import { type ScriptEntry, startScriptedChatServer } from "../testing/scripted-chat-server.js";
import { runRollouts } from "./run-rollouts.js";
import { summarizeTrajectories } from "./summarize-trajectories.js";

let sandbox: Sandbox;
let records: EnvironmentRecord[];
beforeAll(async () => {
  sandbox = await createSandbox();
  records = await loadSampleEnvs();
});
afterAll(() => sandbox.dispose());

const byId = (id: string) => records.find((r) => r.id === id)!;
const noSleep = { sleep: async () => {}, random: () => 0 };

describe("rollouts with an OpenAI-compatible endpoint", () => {
  it("native tool calls: malformed JSON and unknown tools become observations the model recovers from", async () => {
    const script: ScriptEntry[] = [
      {
        kind: "reply",
        toolCalls: [{ name: "landmark_country", arguments: '{"landmark": "Eiffel Tower"' }],
      },
      { kind: "reply", toolCalls: [{ name: "find_capital", arguments: { country: "France" } }] },
      {
        kind: "reply",
        toolCalls: [
          { name: "landmark_country", arguments: { landmark: "Eiffel Tower" } },
          { name: "country_capital", arguments: { country: "France" } },
        ],
      },
      "The capital is Paris.",
    ];
    const server = await startScriptedChatServer({ responses: script });
    try {
      const policy = createOpenAIPolicy({
        model: "m",
        baseURL: server.url,
        toolFormat: "native",
        _internal: noSleep,
      });
      const { trajectories } = await runRollouts({ records: [byId("sample-07")], policy, sandbox });
      const [t] = trajectories;
      const tools = t.messages.filter((m) => m.role === "tool").map((m) => m.content);
      expect(tools[0]).toMatch(/^error: arguments are not valid JSON/);
      expect(tools[1]).toMatch(/^error: unknown tool "find_capital"/);
      expect(tools.slice(2)).toEqual(["France", "Paris"]);
      expect(t.metrics).toMatchObject({
        n_calls: 4,
        n_error_calls: 2,
        n_turns: 4,
        solve_r: 1,
        answer_correct: true,
      });
      expect(t.metrics.solve_p).toBe(0.5);
      expect(t.metrics.solve_f1).toBeCloseTo((2 * 2) / (4 + 2));
      // The model saw the error observations: the third request carries them.
      expect(JSON.stringify(server.requests[2].messages)).toContain("unknown tool");
      const report = summarizeTrajectories(trajectories).overall;
      expect(report.error_call_rate).toBe(0.5);
    } finally {
      await server.close();
    }
  });

  it("text-format tool calls are parsed, executed and scored", async () => {
    const server = await startScriptedChatServer({
      handler: ({ body }) => {
        const turn = body.messages.filter((m) => m.role === "assistant").length;
        return turn === 0
          ? 'I will look both up.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call>\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Cairo"}}\n</tool_call>'
          : "Cairo is warmer (31 C vs 4 C).";
      },
    });
    try {
      const policy = createOpenAIPolicy({
        model: "m",
        baseURL: server.url,
        toolFormat: "text",
        _internal: noSleep,
      });
      const { trajectories } = await runRollouts({ records: [byId("sample-04")], policy, sandbox });
      expect(trajectories[0].metrics).toMatchObject({
        n_calls: 2,
        solve_f1: 1,
        answer_correct: true,
        n_turns: 2,
      });
      expect(server.requests[0].tools).toBeUndefined();
      expect(server.requests[1].messages.at(-1)?.content).toContain("<tool_response>");
    } finally {
      await server.close();
    }
  });

  it("retries an HTTP 500 and a hang, then records one clean trajectory", async () => {
    const server = await startScriptedChatServer({
      responses: [
        { kind: "error", status: 500 },
        { kind: "reply", toolCalls: [{ name: "get_weather", arguments: { city: "Lisbon" } }] },
        { kind: "hang" },
        "It is 19 degrees.",
      ],
    });
    try {
      const policy = createOpenAIPolicy({
        model: "m",
        baseURL: server.url,
        toolFormat: "native",
        timeoutMs: 300,
        _internal: noSleep,
      });
      const { trajectories } = await runRollouts({ records: [byId("sample-01")], policy, sandbox });
      expect(server.requests).toHaveLength(4);
      expect(trajectories[0].metrics).toMatchObject({
        n_calls: 1,
        solve_f1: 1,
        answer_correct: true,
        n_turns: 2,
      });
      expect(trajectories[0].messages.filter((m) => m.role === "assistant")).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("a dead endpoint stops the run with an EndpointError naming the URL", async () => {
    const server = await startScriptedChatServer({
      handler: () => ({ kind: "error", status: 503 }),
    });
    try {
      const policy = createOpenAIPolicy({
        model: "m",
        baseURL: server.url,
        toolFormat: "native",
        maxRetries: 2,
        _internal: noSleep,
      });
      await expect(runRollouts({ records: [byId("sample-01")], policy, sandbox })).rejects.toThrow(
        server.url,
      );
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it("tool-call arguments nested 10,000 levels deep are an observation; the trajectory is written and renders", async () => {
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const server = await startScriptedChatServer({
      responses: [
        { kind: "reply", toolCalls: [{ name: "get_weather", arguments: `{"city": ${deep}}` }] },
        { kind: "reply", toolCalls: [{ name: "get_weather", arguments: deep }] },
        "I could not find out.",
      ],
    });
    const out = join(mkdtempSync(join(tmpdir(), "toolgym-deep-")), "trajectories.jsonl");
    try {
      const policy = createOpenAIPolicy({
        model: "m",
        baseURL: server.url,
        toolFormat: "native",
        _internal: noSleep,
      });
      const record = records[0]!;
      const { trajectories } = await runRollouts({ records: [record], policy, sandbox, out });
      const line = readFileSync(out, "utf8").trim();
      const written = TrajectorySchema.parse(JSON.parse(line)) as Trajectory;
      expect(written.id).toBe(trajectories[0]!.id);
      // The calls keep no argument nested past MAX_ARGUMENT_DEPTH; the model's text stays.
      expect(written.calls.map((call) => call.arguments)).toEqual([null, null]);
      expect(written.metrics).toMatchObject({ n_calls: 2, n_error_calls: 2 });
      const tools = written.messages.filter((m) => m.role === "tool").map((m) => m.content);
      expect(tools).toHaveLength(2);
      for (const text of tools) expect(text).toMatch(/^error: /);
      expect(renderChatText({ messages: written.messages, tools: record.tools })).toContain(deep);
      expect(renderHermesChat({ messages: written.messages, tools: record.tools })).toContain(deep);
    } finally {
      await server.close();
    }
  });
});
