import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, EndpointError } from "../../core/index.js";
import {
  type ScriptedChatServer,
  type ScriptedChatServerOptions,
  type ScriptedRequestInfo,
  startScriptedChatServer,
} from "../../testing/scripted-chat-server.js";
import { createJsonChatClient, type JsonChatClientOptions } from "./json-chat-client.js";

const CitySchema = z.object({ city: z.string(), population: z.number().int() });
const request = {
  stage: "scenario-decomposition",
  messages: [{ role: "user" as const, content: "Give a city as JSON." }],
  schema: CitySchema,
  jsonSchema: { name: "city", schema: z.toJSONSchema(CitySchema) as Record<string, unknown> },
};

let server: ScriptedChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(
  script: ScriptedChatServerOptions,
  options: Partial<JsonChatClientOptions> = {},
) {
  server = await startScriptedChatServer(script);
  const sleeps: number[] = [];
  const client = createJsonChatClient({
    model: "gen-model",
    baseURL: server.url,
    timeoutMs: 2_000,
    _internal: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    ...options,
  });
  return { server, client, sleeps };
}

const formatOf = (info: ScriptedRequestInfo) =>
  (info.body.response_format as { type?: string } | undefined)?.type ?? "text";

describe("createJsonChatClient", () => {
  it("asks with a json_schema response format and totals usage per stage", async () => {
    const { server, client } = await setup({
      responses: [
        {
          kind: "reply",
          content: '{"city": "Lyon", "population": 522250}',
          usage: { promptTokens: 30, completionTokens: 12 },
        },
        {
          kind: "reply",
          content: '{"city": "Nice", "population": 342669}',
          usage: { promptTokens: 31, completionTokens: 11 },
        },
      ],
    });
    const first = await client.requestJson(request);
    const second = await client.requestJson({ ...request, stage: "document-generation" });
    expect(first).toEqual({
      ok: true,
      value: { city: "Lyon", population: 522250 },
      usage: { promptTokens: 30, completionTokens: 12, totalTokens: 42 },
    });
    expect(second.ok && second.value.city).toBe("Nice");
    expect(server.requests[0]!.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "city", schema: request.jsonSchema.schema, strict: false },
    });
    expect(client.usage()).toEqual({
      "scenario-decomposition": { promptTokens: 30, completionTokens: 12, totalTokens: 42 },
      "document-generation": { promptTokens: 31, completionTokens: 11, totalTokens: 42 },
    });
    expect(client.requests).toBe(2);
  });

  it("repairs a fenced, trailing-comma answer without asking again", async () => {
    const { server, client } = await setup({
      responses: ['Here you go:\n```json\n{\n  "city": "Lyon",\n  "population": 522250,\n}\n```'],
    });
    expect(await client.requestJson(request)).toMatchObject({ ok: true, value: { city: "Lyon" } });
    expect(server.requests).toHaveLength(1);
  });

  it("re-asks once with the schema error, then uses the corrected answer", async () => {
    const { server, client } = await setup({
      responses: [
        '{"city": "Lyon", "population": "about half a million"}',
        '{"city": "Lyon", "population": 522250}',
      ],
    });
    expect(await client.requestJson(request)).toMatchObject({
      ok: true,
      value: { population: 522250 },
    });
    const reask = server.requests[1]!.messages;
    expect(reask.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(reask[1]!.content).toBe('{"city": "Lyon", "population": "about half a million"}');
    expect(reask[2]!.content).toMatch(/population: Invalid input: expected number/);
  });

  it("gives up after the re-ask with the reason, counting both answers' tokens", async () => {
    const { client } = await setup({
      responses: [
        {
          kind: "reply",
          content: "I am not sure.",
          usage: { promptTokens: 5, completionTokens: 4 },
        },
        {
          kind: "reply",
          content: '{"city": "Lyon"',
          usage: { promptTokens: 9, completionTokens: 5 },
        },
      ],
    });
    expect(await client.requestJson(request)).toEqual({
      ok: false,
      reason: expect.stringMatching(/cut off/),
      usage: { promptTokens: 14, completionTokens: 9, totalTokens: 23 },
    });
  });

  it("steps down to json_object, then text, when the server refuses the format, and remembers", async () => {
    const { server, client } = await setup({
      handler: (info) => {
        const format = formatOf(info);
        if (format === "json_schema") {
          return {
            kind: "error",
            status: 400,
            message: "response_format type json_schema is not supported",
          };
        }
        if (format === "json_object") {
          return {
            kind: "error",
            status: 400,
            message: "Unrecognized response_format: json_object",
          };
        }
        return '```json\n{"city": "Lyon", "population": 522250}\n```';
      },
    });
    expect(await client.requestJson(request)).toMatchObject({ ok: true });
    expect(client.responseFormat).toBe("text");
    expect(await client.requestJson(request)).toMatchObject({ ok: true });
    expect(server.requests.map((body) => formatOf({ body, headers: {}, index: 0 }))).toEqual([
      "json_schema",
      "json_object",
      "text",
      "text",
    ]);
  });

  it("retries an HTTP 500 with backoff, then succeeds", async () => {
    const { server, client, sleeps } = await setup({
      responses: [{ kind: "error", status: 500 }, '{"city": "Lyon", "population": 1}'],
    });
    expect(await client.requestJson(request)).toMatchObject({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([375]);
  });

  it("throws an EndpointError for a 400 that is not about the format, and after the retries", async () => {
    const refused = await setup({
      responses: [{ kind: "error", status: 400, message: "max_tokens is too large" }],
    });
    await expect(refused.client.requestJson(request)).rejects.toThrow(EndpointError);
    expect(refused.client.responseFormat).toBe("json_schema");
    await server!.close();
    const failing = await setup(
      { handler: () => ({ kind: "error", status: 503 }) },
      { maxRetries: 2 },
    );
    const error = await failing.client.requestJson(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointError);
    expect((error as EndpointError).attempts).toBe(3);
    expect((error as Error).message).toMatch(/HTTP 503.*check that it is healthy/);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    const { server, client } = await setup(
      {
        handler: () => ({ kind: "reply", content: '{"city": "A", "population": 1}', delayMs: 20 }),
      },
      { concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 6 }, () => client.requestJson(request)));
    expect(server.maxInFlight).toBe(2);
  });

  it("rejects bad options with a ConfigError", () => {
    expect(() => createJsonChatClient({ model: "m", baseURL: "ftp://x" })).toThrow(ConfigError);
    expect(() =>
      createJsonChatClient({ model: "m", baseURL: "https://api.example.com/v1" }),
    ).toThrow(/needs an API key/);
  });
});
