import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentRecord } from "../../core/index.js";
import { type MemorizedModel, memorizedModel } from "../../testing/memorized-model.js";
import { loadSampleEnvs } from "../../testing/sample-envs.js";
import type { RunningServer } from "../http/json-server.js";
import { startModelServer } from "./start-model-server.js";

let records: EnvironmentRecord[];
let memorized: MemorizedModel;
let server: RunningServer;
let client: OpenAI;
const MODEL = "toolgym-tiny";

beforeAll(async () => {
  records = (await loadSampleEnvs()).filter((r) => ["sample-01", "sample-07"].includes(r.id));
  memorized = await memorizedModel({ records });
  server = await startModelServer({ ...memorized, modelName: MODEL, token: "t0k" });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "t0k", maxRetries: 0 });
}, 60_000);
afterAll(() => server?.close());

describe("serve model: the built-in model behind the OpenAI API (openai SDK)", () => {
  it("lists the model and answers with the tool calls it learned, greedily", async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual([MODEL]);
    const record = records[0];
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: record.messages,
      tools: record.tools,
      temperature: 0,
    });
    const [choice] = completion.choices;
    expect(choice.finish_reason).toBe("tool_calls");
    const calls = choice.message.tool_calls ?? [];
    expect(calls).toHaveLength(1);
    const call = calls[0];
    if (call.type !== "function") throw new Error("expected a function call");
    expect(call.function.name).toBe(record.subtasks[0].tool);
    expect(JSON.parse(call.function.arguments)).toEqual(record.subtasks[0].arguments);
    expect(call.id).toBe("call_0_0");
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(10);
  });

  it("samples n choices with logprobs, honours max_tokens and stop", async () => {
    const record = records[1];
    const request = {
      model: MODEL,
      messages: record.messages,
      tools: record.tools,
      temperature: 1.5,
      n: 3,
      max_tokens: 6,
      logprobs: true,
      seed: 5,
    };
    const sampled = await client.chat.completions.create(request);
    expect(sampled.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    for (const choice of sampled.choices) {
      const content = choice.logprobs?.content ?? [];
      expect(content.length).toBeGreaterThan(0);
      expect(content.length).toBeLessThanOrEqual(6);
      for (const token of content) {
        expect(token.logprob).toBeLessThanOrEqual(0);
        expect(Buffer.from(token.bytes ?? []).length).toBeGreaterThan(0);
      }
      if (content.length === 6) expect(choice.finish_reason).toBe("length");
    }
    const again = await client.chat.completions.create(request);
    expect(again.choices.map((c) => c.message)).toEqual(sampled.choices.map((c) => c.message));

    const stopped = await client.chat.completions.create({
      model: MODEL,
      messages: record.messages,
      tools: record.tools,
      temperature: 0,
      stop: ['"arguments"'],
      logprobs: true,
    });
    const [choice] = stopped.choices;
    expect(choice.finish_reason).toBe("stop");
    expect(choice.message.tool_calls).toBeUndefined();
    expect(choice.message.content).toMatch(/^<tool_call>\{"name":"landmark_country",$/);
    const text = (choice.logprobs?.content ?? []).map((t) => t.token).join("");
    expect(text.startsWith(choice.message.content ?? "")).toBe(true);
  });

  it("refuses what it cannot do, naming the field, through the SDK's typed errors", async () => {
    const base = { model: MODEL, messages: [{ role: "user" as const, content: "hi" }] };
    await expect(client.chat.completions.create({ ...base, model: "gpt-9" })).rejects.toMatchObject(
      {
        status: 404,
      },
    );
    await expect(
      client.chat.completions.create({ ...base, top_logprobs: 3, logprobs: true }),
    ).rejects.toThrow(/top_logprobs/);
    await expect(client.chat.completions.create({ ...base, n: 99 })).rejects.toThrow(
      /n: at most 16/,
    );
    const anonymous = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "wrong", maxRetries: 0 });
    await expect(anonymous.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const raw = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer t0k", "content-type": "application/json" },
      body: JSON.stringify({ ...base, stream: true }),
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: unknown }).error).toMatchObject({ param: "stream" });
  });
});
