import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  ConfigError,
  EndpointError,
  type Message,
  parseTextToolCalls,
  type ToolSpec,
} from "../core/index.js";
import {
  type ScriptedChatServer,
  type ScriptedChatServerOptions,
  startScriptedChatServer,
} from "../testing/scripted-chat-server.js";
import { createOpenAIPolicy, type OpenAIPolicyOptions } from "./openai-policy.js";

const tool = (name: string, description = `the ${name} tool`): ToolSpec => ({
  type: "function",
  function: {
    name,
    description,
    parameters: {
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a", "b"],
    },
  },
});
const tools = [tool("add"), tool("multiply")];
const question: Message[] = [
  { role: "system", content: "You are a careful assistant." },
  { role: "user", content: "What is (1 + 2) * 4?" },
];

let server: ScriptedChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Starts the server and a policy on it; backoff sleeps are recorded, not slept. */
async function setup(
  script: ScriptedChatServerOptions,
  options: Partial<OpenAIPolicyOptions> = {},
  jitter = 0.5,
) {
  server = await startScriptedChatServer(script);
  const sleeps: number[] = [];
  const policy = createOpenAIPolicy({
    model: "test-model",
    baseURL: server.url,
    toolFormat: "native",
    timeoutMs: 2_000,
    _internal: { sleep: async (ms) => void sleeps.push(ms), random: () => jitter },
    ...options,
  });
  return { server, policy, sleeps };
}

describe("createOpenAIPolicy, native tool calls", () => {
  it("returns one tool call unchanged, with usage, and sends the tools", async () => {
    const { server, policy } = await setup({
      responses: [
        {
          kind: "reply",
          toolCalls: [{ id: "call_abc", name: "add", arguments: { a: 1, b: 2 } }],
          usage: { promptTokens: 42, completionTokens: 7 },
        },
      ],
    });
    const response = await policy.act({ messages: question, tools });
    expect(policy.name).toBe("openai:test-model");
    expect(response.message).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "call_abc", type: "function", function: { name: "add", arguments: '{"a":1,"b":2}' } },
      ],
    });
    expect(response.usage).toEqual({ promptTokens: 42, completionTokens: 7 });
    const request = server.requests[0]!;
    expect(request.model).toBe("test-model");
    expect(request.messages).toEqual(question);
    expect(request.tools).toEqual(tools);
    expect(server.headers[0]!.authorization).toBe("Bearer toolgym-local-no-key");
  });

  it("returns parallel calls in order", async () => {
    const { policy } = await setup({
      responses: [
        {
          kind: "reply",
          content: "Both at once.",
          toolCalls: [
            { id: "c1", name: "add", arguments: { a: 1, b: 2 } },
            { id: "c2", name: "multiply", arguments: { a: 3, b: 4 } },
          ],
        },
      ],
    });
    const { message } = await policy.act({ messages: question, tools });
    expect(message.content).toBe("Both at once.");
    expect(message.tool_calls?.map((call) => [call.id, call.function.name])).toEqual([
      ["c1", "add"],
      ["c2", "multiply"],
    ]);
  });

  it("passes malformed JSON arguments and unknown tools through for the env to judge", async () => {
    const { policy } = await setup({
      responses: [
        {
          kind: "reply",
          toolCalls: [
            { id: "c1", name: "add", arguments: '{"a": 1, "b":' },
            { id: "c2", name: "subtract", arguments: { a: 5, b: 2 } },
          ],
        },
      ],
    });
    const { message } = await policy.act({ messages: question, tools });
    expect(message.tool_calls).toEqual([
      { id: "c1", type: "function", function: { name: "add", arguments: '{"a": 1, "b":' } },
      { id: "c2", type: "function", function: { name: "subtract", arguments: '{"a":5,"b":2}' } },
    ]);
  });

  it("sends the history as OpenAI messages and generates ids the server left out", async () => {
    const { server, policy } = await setup({
      responses: [
        {
          kind: "completion",
          body: {
            choices: [
              {
                message: {
                  role: "assistant",
                  content: null,
                  tool_calls: [{ function: { name: "multiply", arguments: { a: 3, b: 4 } } }],
                },
              },
            ],
          },
        },
      ],
    });
    const history: Message[] = [
      ...question,
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "c1", type: "function", function: { name: "add", arguments: '{"a":1,"b":2}' } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "3" },
    ];
    const response = await policy.act({ messages: history, tools });
    expect(server.requests[0]!.messages).toEqual(history);
    // A lenient server: no id, arguments as an object, no usage.
    expect(response.message.tool_calls).toEqual([
      {
        id: "call_1_0",
        type: "function",
        function: { name: "multiply", arguments: '{"a":3,"b":4}' },
      },
    ]);
    expect(response.usage).toBeUndefined();
  });

  it("sends dotted tool names sanitized and maps them back", async () => {
    const bfclTools = [tool("math.factorial"), tool("math_factorial"), tool("geo.distance-km")];
    const { server, policy } = await setup({
      responses: [
        {
          kind: "reply",
          toolCalls: [
            { id: "c1", name: "math_factorial_2", arguments: { a: 5, b: 0 } },
            { id: "c2", name: "math_factorial", arguments: { a: 6, b: 0 } },
            { id: "c3", name: "geo_distance-km", arguments: { a: 1, b: 2 } },
          ],
        },
      ],
    });
    const history: Message[] = [
      ...question,
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "c0", type: "function", function: { name: "math.factorial", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "c0", content: "error: missing a" },
    ];
    const { message } = await policy.act({ messages: history, tools: bfclTools });
    const request = server.requests[0]!;
    // The valid name keeps its own; the dotted one that collides with it gets a suffix.
    expect(request.tools?.map((spec) => spec.function.name)).toEqual([
      "math_factorial_2",
      "math_factorial",
      "geo_distance-km",
    ]);
    expect(request.messages[2]!.tool_calls?.[0]?.function.name).toBe("math_factorial_2");
    expect(message.tool_calls?.map((call) => call.function.name)).toEqual([
      "math.factorial",
      "math_factorial",
      "geo.distance-km",
    ]);
  });

  it("sends temperature, max_tokens and extraBody", async () => {
    const { server, policy } = await setup(
      { responses: ["ok"] },
      { temperature: 0.7, maxTokens: 256, extraBody: { top_k: 20 }, apiKey: "sk-test" },
    );
    await policy.act({ messages: question, tools: [] });
    const request = server.requests[0]!;
    expect(request).toMatchObject({ temperature: 0.7, max_tokens: 256, top_k: 20 });
    expect(request.tools).toBeUndefined();
    expect(server.headers[0]!.authorization).toBe("Bearer sk-test");
  });
});

describe("createOpenAIPolicy, text tool calls", () => {
  const call = (name: string, args: object) =>
    `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;

  it("parses one call from the text and sends no tools field", async () => {
    const { server, policy } = await setup(
      { responses: [call("add", { a: 1, b: 2 })] },
      { toolFormat: "text" },
    );
    const { message } = await policy.act({ messages: question, tools });
    expect(message).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "call_0_0", type: "function", function: { name: "add", arguments: '{"a":1,"b":2}' } },
      ],
    });
    expect(server.requests[0]!.tools).toBeUndefined();
  });

  it("parses parallel calls with prose around them; ids count the turn", async () => {
    const text = `I will compute both.\n${call("add", { a: 1, b: 2 })}\n${call("multiply", { a: 3, b: 4 })}\nThen combine.`;
    const { policy } = await setup({ responses: [text] }, { toolFormat: "text" });
    const history: Message[] = [...question, { role: "assistant", content: "Let me think." }];
    const { message } = await policy.act({ messages: history, tools });
    expect(message.tool_calls?.map((c) => [c.id, c.function.name, c.function.arguments])).toEqual([
      ["call_1_0", "add", '{"a":1,"b":2}'],
      ["call_1_1", "multiply", '{"a":3,"b":4}'],
    ]);
    expect(message.content).toContain("I will compute both.");
    expect(message.content).toContain("Then combine.");
    expect(message.content).not.toContain("<tool_call>");
  });

  it("passes broken JSON and unknown tools through; a plain answer stays as it is", async () => {
    const broken = '<tool_call>\n{"name": "add", "arguments": {"a": 1, "b": }\n</tool_call>';
    const { policy } = await setup(
      { responses: [`${broken}\n${call("divide", { a: 1, b: 0 })}`, "The answer is 12."] },
      { toolFormat: "text" },
    );
    const first = await policy.act({ messages: question, tools });
    expect(first.message.tool_calls?.map((c) => c.function.name)).toEqual(["add", "divide"]);
    // The raw text core's parser recovered, not repaired JSON: the env reports it as malformed.
    const args = first.message.tool_calls![0]!.function.arguments;
    expect(args).toBe(parseTextToolCalls(broken).calls[0]!.arguments);
    expect(args).toContain('"b":');
    expect(() => JSON.parse(args)).toThrow();
    const second = await policy.act({ messages: question, tools });
    expect(second.message).toEqual({ role: "assistant", content: "The answer is 12." });
  });

  it("renders the tool docs into the system prompt and the history as text", async () => {
    const { server, policy } = await setup(
      { responses: ["The answer is 12."] },
      { toolFormat: "text" },
    );
    const history: Message[] = [
      ...question,
      {
        role: "assistant",
        content: "Computing.",
        tool_calls: [
          { id: "c1", type: "function", function: { name: "add", arguments: '{"a":1,"b":2}' } },
          { id: "c2", type: "function", function: { name: "multiply", arguments: '{"a":3,' } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "3" },
      { role: "tool", tool_call_id: "c2", content: "error: arguments are not valid JSON" },
    ];
    await policy.act({ messages: history, tools });
    const sent = server.requests[0]!.messages;
    expect(sent.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    const system = String(sent[0]!.content);
    expect(system.startsWith("You are a careful assistant.\n\n# Tools")).toBe(true);
    expect(system).toContain(
      `<tools>\n${JSON.stringify(tools[0])}\n${JSON.stringify(tools[1])}\n</tools>`,
    );
    expect(system).toContain(
      '<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}',
    );
    expect(sent[2]!.content).toBe(
      'Computing.\n<tool_call>\n{"name":"add","arguments":{"a":1,"b":2}}\n</tool_call>\n' +
        '<tool_call>\n{"name": "multiply", "arguments": {"a":3,}\n</tool_call>',
    );
    expect(sent[2]!.tool_calls).toBeUndefined();
    expect(sent[3]!.content).toBe(
      "<tool_response>\n3\n</tool_response>\n<tool_response>\nerror: arguments are not valid JSON\n</tool_response>",
    );
  });

  it("adds a system message for the tools when the conversation has none", async () => {
    const { server, policy } = await setup({ responses: ["hi"] }, { toolFormat: "text" });
    await policy.act({ messages: [{ role: "user", content: "hello" }], tools });
    const sent = server.requests[0]!.messages;
    expect(sent.map((m) => m.role)).toEqual(["system", "user"]);
    expect(String(sent[0]!.content).startsWith("# Tools")).toBe(true);
  });
});

describe("createOpenAIPolicy, endpoint faults", () => {
  const ok = { kind: "reply", content: "The answer is 12." } as const;

  it("retries an HTTP 500 and returns the one good answer", async () => {
    const { server, policy, sleeps } = await setup({
      responses: [{ kind: "error", status: 500, message: "CUDA out of memory" }, ok],
    });
    const { message } = await policy.act({ messages: question, tools });
    expect(message.content).toBe("The answer is 12.");
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([375]); // 500 ms · 2^0, jitter 0.5 → ×0.75
  });

  it("times out a hang and retries", async () => {
    const { server, policy } = await setup(
      { responses: [{ kind: "hang" }, { ...ok, delayMs: 1_000 }, ok] },
      { timeoutMs: 200 },
    );
    const started = Date.now();
    const { message } = await policy.act({ messages: question, tools });
    expect(message.content).toBe("The answer is 12.");
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("fails at once on 401, saying to check the key", async () => {
    const { server, policy, sleeps } = await setup({
      responses: [{ kind: "error", status: 401, message: "Incorrect API key provided" }, ok],
    });
    const error = await policy.act({ messages: question, tools }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointError);
    expect(error).toMatchObject({
      attempts: 1,
      status: 401,
      url: `${server.url}/chat/completions`,
    });
    expect((error as Error).message).toMatch(/Incorrect API key provided/);
    expect((error as Error).message).toMatch(/OPENAI_API_KEY/);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("fails at once on an unknown model, naming it", async () => {
    const { policy } = await setup({ responses: [ok], models: ["qwen2.5-7b"] }, { model: "gpt-x" });
    const error = await policy.act({ messages: question, tools }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "EndpointError", attempts: 1, status: 404 });
    expect((error as Error).message).toMatch(/"gpt-x"/);
    expect((error as Error).message).toMatch(/\/v1\/models/);
  });

  it("gives up on a persistent 503 after maxRetries + 1 attempts, backing off", async () => {
    const unavailable = { kind: "error", status: 503 } as const;
    const { server, policy, sleeps } = await setup(
      { handler: () => unavailable },
      { maxRetries: 3 },
      1,
    );
    const error = await policy.act({ messages: question, tools }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointError);
    expect(error).toMatchObject({ attempts: 4, status: 503 });
    expect((error as Error).message).toMatch(/HTTP 503.*after 4 attempts/);
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([500, 1_000, 2_000]);
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    const { policy, sleeps } = await setup({
      responses: [{ kind: "error", status: 429, headers: { "retry-after": "3" } }, ok],
    });
    await policy.act({ messages: question, tools });
    expect(sleeps).toEqual([3_000]);
  });

  it("retries a garbled answer, then says the endpoint is not a chat API", async () => {
    const { policy } = await setup(
      {
        responses: [
          { kind: "malformed" },
          ok,
          { kind: "malformed", body: "<html>login</html>", contentType: "text/html" },
          { kind: "completion", body: { object: "list", data: [] } },
        ],
      },
      { maxRetries: 1 },
    );
    expect((await policy.act({ messages: question, tools })).message.content).toBe(
      "The answer is 12.",
    );
    const error = await policy.act({ messages: question, tools }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(EndpointError);
    expect(error.message).toMatch(/not a chat completion.*after 2 attempts/);
  });

  it("reports a refused connection with the address to check", async () => {
    const port = await freePort();
    const policy = createOpenAIPolicy({
      model: "m",
      baseURL: `http://127.0.0.1:${port}/v1`,
      toolFormat: "native",
      maxRetries: 1,
      _internal: { sleep: async () => {} },
    });
    const error = await policy.act({ messages: question, tools }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "EndpointError", attempts: 2, status: undefined });
    expect((error as Error).message).toMatch(/could not connect \(ECONNREFUSED\)/);
  });

  it("rejects with the caller's abort reason, without retrying", async () => {
    const { server, policy } = await setup({ responses: [{ kind: "hang" }, ok] });
    const controller = new AbortController();
    const pending = policy.act({ messages: question, tools, signal: controller.signal });
    await until(() => server.inFlight === 1);
    controller.abort(new Error("episode cancelled"));
    await expect(pending).rejects.toThrow("episode cancelled");
    expect(server.requests).toHaveLength(1);
  });
});

describe("createOpenAIPolicy, concurrency and options", () => {
  it("keeps at most `concurrency` requests in flight across act() calls", async () => {
    const { server, policy } = await setup(
      { handler: ({ index }) => ({ kind: "reply", content: `answer ${index}`, delayMs: 40 }) },
      { concurrency: 2 },
    );
    const answers = await Promise.all(
      Array.from({ length: 7 }, () => policy.act({ messages: question, tools })),
    );
    expect(answers.map((a) => a.message.content).sort()).toEqual(
      Array.from({ length: 7 }, (_, i) => `answer ${i}`).sort(),
    );
    expect(server.maxInFlight).toBe(2);
  });

  it("throws a ConfigError for a remote URL without a key and for bad values", () => {
    const base = { model: "m", toolFormat: "native" } as const;
    expect(() => createOpenAIPolicy({ ...base, baseURL: "https://api.openai.com/v1" })).toThrow(
      /apiKey: .*OPENAI_API_KEY/,
    );
    expect(() => createOpenAIPolicy({ ...base, baseURL: "localhost:8000" })).toThrow(ConfigError);
    expect(() =>
      createOpenAIPolicy({ ...base, baseURL: "http://127.0.0.1:1/v1", concurrency: 0 }),
    ).toThrow(/^concurrency: /);
    expect(
      createOpenAIPolicy({ ...base, baseURL: "https://api.openai.com/v1", apiKey: "sk-x" }).name,
    ).toBe("openai:m");
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
