import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnvironmentRecord, type Message, renderHermesChat } from "../../core/index.js";
import { goldConversation } from "../../testing/sample-chat-tokenizer.js";
import { loadSampleEnvs } from "../../testing/sample-envs.js";
import { EnvCatalog } from "../env-catalog.js";
import type { RunningServer } from "../http/json-server.js";
import { requestJson } from "../test-helpers/post-json.js";
import { startRewardServer } from "./start-reward-server.js";

let records: EnvironmentRecord[];
let server: RunningServer;
const TOKEN = "s3cret";
const auth = { authorization: `Bearer ${TOKEN}` };
const byId = (id: string) => records.find((r) => r.id === id)!;

/** prompt and prompt + response, as OpenRLHF decodes them for a Qwen2.5 model. */
function openRlhfTexts(record: EnvironmentRecord, response: Message[]) {
  const prompt = renderHermesChat({
    messages: record.messages,
    tools: record.tools,
    generationPrompt: true,
  });
  const whole = renderHermesChat({
    messages: [...record.messages, ...response],
    tools: record.tools,
  });
  return { prompt, query: `${whole}<|endoftext|>` };
}

const gold = (record: EnvironmentRecord) =>
  goldConversation(record).messages.slice(record.messages.length);
/** One turn making only the first gold call, then `answer`. */
function firstCallOnly(record: EnvironmentRecord, answer: string): Message[] {
  const [turn] = gold(record);
  if (turn.role !== "assistant") throw new Error("gold starts with an assistant turn");
  return [
    { ...turn, tool_calls: turn.tool_calls?.slice(0, 1) },
    { role: "tool", tool_call_id: "call_0_0", content: "…" },
    { role: "assistant", content: answer },
  ];
}
const wrong: Message[] = [{ role: "assistant", content: "I cannot know that." }];

beforeAll(async () => {
  records = await loadSampleEnvs();
  server = await startRewardServer({
    catalog: new EnvCatalog(records),
    token: TOKEN,
    maxBodyBytes: 64 * 1024,
    maxBatch: 50,
  });
});
afterAll(() => server.close());

describe("serve reward: OpenRLHF's /get_reward", () => {
  it("scores gold responses 1 and wrong ones 0, with every reward part as a list", async () => {
    const items = [
      { record: byId("sample-01"), response: gold(byId("sample-01")) },
      { record: byId("sample-10"), response: gold(byId("sample-10")) },
      { record: byId("sample-07"), response: wrong },
      // Half the plan of a parallel task: precision 1, completeness 1/2.
      { record: byId("sample-04"), response: firstCallOnly(byId("sample-04"), "Cairo") },
    ];
    const texts = items.map(({ record, response }) => openRlhfTexts(record, response));
    const { status, body } = await requestJson(
      `${server.url}/get_reward`,
      {
        query: texts.map((t) => t.query),
        prompts: texts.map((t) => t.prompt),
        labels: items.map((i) => i.record.id),
      },
      auth,
    );
    expect(status).toBe(200);
    expect(body.rewards).toEqual([1, 1, 0, 0.5]);
    expect(body.scores).toEqual(body.rewards);
    expect(Object.keys(body.extra_logs).sort()).toEqual([
      "answer",
      "solve_f1",
      "solve_p",
      "solve_r",
      "turn_reward",
    ]);
    expect(body.extra_logs.answer).toEqual([1, 1, 0, 1]);
    expect(body.extra_logs.solve_r).toEqual([1, 1, 0, 0.5]);
  });

  it("reads a response alone without special tokens (verl's solution_str) as the whole rollout", async () => {
    const record = byId("sample-09");
    const { prompt, query } = openRlhfTexts(record, gold(record));
    const response = query
      .slice(prompt.length)
      .replaceAll(/<\|im_(start|end)\|>|<\|endoftext\|>/g, "");
    const { body } = await requestJson(
      `${server.url}/get_reward`,
      { query: [response], labels: [record.id] },
      auth,
    );
    expect(body.rewards).toEqual([1]);
  });

  it("scores a trajectory given as OpenAI messages (/score), arguments as strings or objects", async () => {
    const record = byId("sample-12");
    const messages = [...record.messages, ...gold(record)].map((m) =>
      m.role === "assistant" && m.tool_calls
        ? {
            ...m,
            tool_calls: m.tool_calls.map((c, i) =>
              i % 2 === 0
                ? c
                : {
                    ...c,
                    function: { ...c.function, arguments: JSON.parse(c.function.arguments) },
                  },
            ),
          }
        : m,
    );
    const { status, body } = await requestJson(`${server.url}/score?token=${TOKEN}`, {
      env_id: record.id,
      messages,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      env_id: record.id,
      reward: 1,
      parts: { solve_p: 1, solve_r: 1, solve_f1: 1, answer: 1 },
      stop: "answer",
    });
    expect(body.metrics.n_calls).toBe(4);
  });

  it("refuses bad requests with the right status, naming the field, and keeps serving", async () => {
    const post = (body: unknown, headers: Record<string, string> = auth) =>
      requestJson(`${server.url}/get_reward`, body, headers);
    const noToken = await post({ query: [], labels: [] }, {});
    expect(noToken.status).toBe(401);
    expect((await post({ query: [], labels: [] }, { authorization: "Bearer nope" })).status).toBe(
      401,
    );
    const short = await post({ query: ["a", "b"], labels: ["sample-01"] });
    expect(short).toMatchObject({ status: 400, body: { error: { param: "labels" } } });
    expect(short.body.error.message).toMatch(/labels: has 1 entries but query has 2/);
    const badType = await post({ query: ["a"], labels: [3] });
    expect(badType).toMatchObject({ status: 400, body: { error: { param: "labels[0]" } } });
    const unknown = await post({ query: ["a", "b"], labels: ["sample-01", "nope"] });
    expect(unknown).toMatchObject({ status: 404, body: { error: { param: "labels[1]" } } });
    expect((await post("{not json")).status).toBe(400);
    const big = await post({ query: ["x".repeat(70 * 1024)], labels: ["sample-01"] });
    expect(big.status).toBe(413);
    const many = await post({ query: Array(51).fill("a"), labels: Array(51).fill("sample-01") });
    expect(many).toMatchObject({ status: 413, body: { error: { param: "query" } } });
    const missing = await requestJson(`${server.url}/nope`, {}, auth);
    expect(missing.status).toBe(404);
    const health = await requestJson(`${server.url}/health`, undefined, auth);
    expect(health).toMatchObject({ status: 200, body: { ok: true, envs: records.length } });
  });

  it("answers concurrent batches, each with its own rewards", async () => {
    const batches = records.map((record, i) => {
      const { prompt, query } = openRlhfTexts(record, i % 2 === 0 ? gold(record) : wrong);
      return requestJson(
        `${server.url}/get_reward`,
        { query: [query, query], prompts: [prompt, prompt], labels: [record.id, record.id] },
        auth,
      );
    });
    const answers = await Promise.all(batches);
    for (const [i, { body }] of answers.entries()) {
      expect(body.rewards).toEqual(i % 2 === 0 ? [1, 1] : [0, 0]);
    }
  });
});
