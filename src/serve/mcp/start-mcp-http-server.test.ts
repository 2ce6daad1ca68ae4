import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentRecord } from "../../core/index.js";
import { loadSampleEnvs } from "../../testing/sample-envs.js";
import type { RunningServer } from "../http/json-server.js";
import { startMcpHttpServer } from "./start-mcp-http-server.js";

let record: EnvironmentRecord;
let server: RunningServer;

beforeAll(async () => {
  record = (await loadSampleEnvs()).find((r) => r.id === "sample-10")!;
  server = await startMcpHttpServer({ record, token: "mcp-token" });
});
afterAll(() => server.close());

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: "toolgym-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

describe("serve mcp over streamable HTTP (the SDK's Client)", () => {
  it("lists the environment's tools with their JSON Schemas and runs calls in the sandbox", async () => {
    const client = await connect("mcp-token");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      record.tools.map((t) => t.function.name).sort(),
    );
    const convert = tools.find((t) => t.name === "convert_currency")!;
    const spec = record.tools.find((t) => t.function.name === "convert_currency")!;
    expect(convert.inputSchema).toEqual(spec.function.parameters);
    expect(convert.description).toBe(spec.function.description);

    const [first] = record.subtasks;
    const ok = await client.callTool({ name: first.tool, arguments: first.arguments });
    expect(ok.isError).toBe(false);
    expect((ok.content as { text: string }[])[0].text).toContain(first.answer);

    const bad = await client.callTool({ name: "convert_currency", arguments: { amount: "lots" } });
    expect(bad.isError).toBe(true);
    expect((bad.content as { text: string }[])[0].text).toMatch(
      /invalid arguments for convert_currency/,
    );
    const unknown = await client.callTool({ name: "launch_rocket", arguments: {} });
    expect(unknown.isError).toBe(true);
    await client.close();
  });

  it("refuses a client without the token", async () => {
    await expect(connect("wrong")).rejects.toThrow(/401|token/);
    const health = await fetch(`${server.url}/health?token=mcp-token`);
    expect(await health.json()).toEqual({ ok: true, env_id: "sample-10" });
  });
});
