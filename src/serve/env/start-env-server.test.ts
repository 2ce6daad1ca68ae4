import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnvironmentRecord, renderHermesChat } from "../../core/index.js";
import { loadSampleEnvs } from "../../testing/sample-envs.js";
import { EnvCatalog } from "../env-catalog.js";
import type { RunningServer } from "../http/json-server.js";
import { requestJson } from "../test-helpers/post-json.js";
import { startEnvServer } from "./start-env-server.js";

let records: EnvironmentRecord[];
let server: RunningServer;
let clock = 0;
const post = (path: string, body: unknown) => requestJson(`${server.url}${path}`, body);

beforeAll(async () => {
  records = await loadSampleEnvs();
  server = await startEnvServer({
    catalog: new EnvCatalog(records),
    maxSessions: 3,
    sessionTtlS: 60,
    maxTurns: 3,
    maxCallsPerTurn: 4,
    now: () => clock,
  });
});
afterAll(() => server.close());

describe("serve env: reset / step / state / close", () => {
  it("plays a multi-hop environment to the end, turn by turn, and scores it", async () => {
    const record = records.find((r) => r.id === "sample-07")!;
    const reset = await post("/reset", { env_id: record.id });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({
      env_id: "sample-07",
      messages: record.messages,
      max_turns: 3,
    });
    expect(reset.body.tools).toEqual(record.tools);
    const session_id = reset.body.session_id;

    const [first, second] = record.subtasks;
    // Turn 1 as an OpenAI message, arguments as an object.
    const step1 = await post("/step", {
      session_id,
      message: {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "c1",
            type: "function",
            function: { name: first.tool, arguments: first.arguments },
          },
        ],
      },
    });
    expect(step1.body).toMatchObject({ done: false, turn: 1, reward: 1 });
    expect(step1.body.observations[0].content).toContain(first.answer);
    // Turn 2 as the model's raw Hermes text.
    const text = renderHermesChat({
      messages: [
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "x",
              type: "function",
              function: { name: second.tool, arguments: JSON.stringify(second.arguments) },
            },
          ],
        },
      ],
    }).replace(/^<\|im_start\|>system[\s\S]*?<\|im_start\|>assistant/, "");
    const step2 = await post("/step", { session_id, message: text });
    expect(step2.body).toMatchObject({ done: false, turn: 2 });
    expect(step2.body.observations[0]).toMatchObject({ tool_call_id: "call_1_0" });
    const step3 = await post("/step", { session_id, message: `It is ${record.answer}.` });
    expect(step3.body).toMatchObject({
      done: true,
      turn: 3,
      observations: [],
      final: { reward: 1, stop: "answer", parts: { solve_f1: 1, answer: 1 } },
    });
    const state = await requestJson(`${server.url}/state?session_id=${session_id}`);
    expect(state.body).toMatchObject({ done: true, turn: 3, env_id: "sample-07" });
    expect(state.body.messages).toHaveLength(record.messages.length + 5);
    const again = await post("/step", { session_id, message: "more" });
    expect(again).toMatchObject({ status: 409, body: { error: { param: "session_id" } } });
    expect((await post("/close", { session_id })).body).toEqual({ session_id, closed: true });
    expect((await post("/close", { session_id })).status).toBe(404);
  });

  it("ends an episode at max_turns and reports errors of the policy as observations", async () => {
    const { body } = await post("/reset", { index: 0 });
    const bad = { role: "assistant", tool_calls: [{ function: { name: "nope", arguments: "{" } }] };
    for (let turn = 1; turn <= 3; turn++) {
      const step = await post("/step", { session_id: body.session_id, message: bad });
      expect(step.body.observations[0].content).toMatch(/^error: unknown tool "nope"/);
      expect(step.body.done).toBe(turn === 3);
    }
    await post("/close", { session_id: body.session_id });
  });

  it("bounds sessions in number and expires idle ones", async () => {
    const opened = [];
    for (let i = 0; i < 3; i++) opened.push((await post("/reset", { index: i })).body.session_id);
    const full = await post("/reset", { index: 0 });
    expect(full.status).toBe(429);
    expect((await requestJson(`${server.url}/health`)).body).toMatchObject({
      sessions: 3,
      max_sessions: 3,
    });
    clock += 61_000;
    const stale = await post("/step", { session_id: opened[0], message: "x" });
    expect(stale).toMatchObject({ status: 404, body: { error: { param: "session_id" } } });
    expect((await post("/reset", { index: 1 })).status).toBe(200);
    expect((await requestJson(`${server.url}/health`)).body.sessions).toBe(1);
  });

  it("refuses bad requests naming the field, and answers stateless calls", async () => {
    expect((await post("/reset", {})).body.error.param).toBe("env_id");
    expect(await post("/reset", { env_id: "nope" })).toMatchObject({
      status: 404,
      body: { error: { param: "env_id" } },
    });
    expect(await post("/reset", { index: 99 })).toMatchObject({
      status: 404,
      body: { error: { param: "index" } },
    });
    expect((await post("/step", { session_id: "nope", message: "hi" })).status).toBe(404);
    const { body } = await post("/reset", { index: 0 });
    const badMessage = await post("/step", {
      session_id: body.session_id,
      message: { role: "user" },
    });
    expect(badMessage).toMatchObject({ status: 400, body: { error: { param: "message" } } });
    const call = { function: { name: "get_weather", arguments: { city: "Lisbon" } } };
    const tooMany = await post("/step", {
      session_id: body.session_id,
      message: { role: "assistant", tool_calls: Array(5).fill(call) },
    });
    expect(tooMany).toMatchObject({
      status: 400,
      body: { error: { param: "message.tool_calls" } },
    });
    expect((await requestJson(`${server.url}/state`)).body.error.param).toBe("session_id");
    const ok = await post("/call", {
      env_id: "sample-01",
      name: "get_weather",
      arguments: { city: "Lisbon" },
    });
    expect(ok.body).toEqual({
      content: '{"city":"Lisbon","temp_c":19,"condition":"sunny"}',
      is_error: false,
    });
    const failed = await post("/call", {
      env_id: "sample-01",
      name: "get_weather",
      arguments: { city: "Atlantis" },
    });
    expect(failed.body.is_error).toBe(true);
    expect(failed.body.content).toMatch(/no weather station for Atlantis/);
  });
});
