import { afterEach, describe, expect, it } from "vitest";
import {
  type ScriptedChatServer,
  type ScriptedChatServerOptions,
  startScriptedChatServer,
} from "./scripted-chat-server.js";

let server: ScriptedChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: ScriptedChatServerOptions) {
  server = await startScriptedChatServer(options);
  return server;
}

const chat = (url: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
/** The fields of a completion or error body the tests read; fetch's json() is untyped. */
interface Body {
  choices: { message: { content: string | null; tool_calls?: unknown[] }; finish_reason: string }[];
  usage: { prompt_tokens: number };
  error: { code: string | null };
}
const json = async (response: Response | Promise<Response>) =>
  (await (await response).json()) as Body;
const ask = (content: string, model = "scripted") => ({
  model,
  messages: [{ role: "user", content }],
});

describe("startScriptedChatServer", () => {
  it("replays replies, errors and malformed bodies in order, recording each request", async () => {
    const { url, requests, headers } = await start({
      responses: [
        "plain text",
        {
          kind: "reply",
          toolCalls: [
            { name: "add", arguments: { a: 1 } },
            { name: "f", arguments: "{bad" },
          ],
          usage: { promptTokens: 3, completionTokens: 4 },
        },
        { kind: "error", status: 503, message: "busy" },
        { kind: "malformed", body: "{nope" },
      ],
    });
    const first = await json(chat(url, ask("one")));
    expect(first.choices[0]).toMatchObject({
      message: { role: "assistant", content: "plain text" },
      finish_reason: "stop",
    });
    expect(first.usage.prompt_tokens).toBeGreaterThan(0);
    const second = await json(chat(url, ask("two")));
    expect(second.choices[0].finish_reason).toBe("tool_calls");
    expect(second.choices[0].message.tool_calls).toEqual([
      { id: "call_1_0", type: "function", function: { name: "add", arguments: '{"a":1}' } },
      { id: "call_1_1", type: "function", function: { name: "f", arguments: "{bad" } },
    ]);
    expect(second.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    const third = await chat(url, ask("three"));
    expect(third.status).toBe(503);
    expect(await third.json()).toEqual({
      error: { message: "busy", type: "server_error", code: null },
    });
    expect(await (await chat(url, ask("four"))).text()).toBe("{nope");
    const exhausted = await chat(url, ask("five"));
    expect(exhausted.status).toBe(500);
    expect(await exhausted.text()).toMatch(/script exhausted \(4 steps, this is request 5\)/);
    expect(requests.map((r) => r.messages[0]!.content)).toEqual([
      "one",
      "two",
      "three",
      "four",
      "five",
    ]);
    expect(headers[0]!["content-type"]).toBe("application/json");
  });

  it("asks a handler for each step, with the request and its index", async () => {
    const { url } = await start({
      handler: ({ body, index }) => `#${index}: ${body.messages.at(-1)!.content}`,
    });
    const answer = async (text: string) =>
      (await json(chat(url, ask(text)))).choices[0].message.content;
    expect(await answer("hi")).toBe("#0: hi");
    expect(await answer("again")).toBe("#1: again");
  });

  it("lists its models and refuses others with OpenAI's 404", async () => {
    const { url } = await start({ responses: ["ok"], models: ["qwen"] });
    expect(await (await fetch(`${url}/models`)).json()).toEqual({
      object: "list",
      data: [{ id: "qwen", object: "model", created: 0, owned_by: "toolgym" }],
    });
    const refused = await chat(url, ask("x", "other"));
    expect(refused.status).toBe(404);
    expect((await json(refused)).error.code).toBe("model_not_found");
    expect((await json(chat(url, ask("x", "qwen")))).choices[0].message.content).toBe("ok");
  });

  it("answers 400 to a body that is not a chat request, 404 to other routes", async () => {
    const { url, requests } = await start({ responses: [] });
    expect((await chat(url, { messages: "nope" })).status).toBe(400);
    expect((await fetch(`${url}/completions`, { method: "POST" })).status).toBe(404);
    expect(requests).toHaveLength(0);
  });

  it("delays, hangs until the client gives up, and counts requests in flight", async () => {
    const { url, inFlight } = await start({
      responses: [{ kind: "reply", content: "late", delayMs: 50 }, { kind: "hang" }],
    });
    expect(inFlight).toBe(0);
    const started = Date.now();
    const late = await json(chat(url, ask("a")));
    expect(late.choices[0].message.content).toBe("late");
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const hung = chat(url, ask("b"), AbortSignal.timeout(100));
    await expect(hung).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server!.inFlight).toBe(0);
    expect(server!.maxInFlight).toBe(1);
  });

  it("closes with a request still hanging", async () => {
    const { url } = await start({ responses: [{ kind: "hang" }] });
    const hung = chat(url, ask("a"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server!.close();
    server = undefined;
    await expect(hung).rejects.toThrow();
  });
});
