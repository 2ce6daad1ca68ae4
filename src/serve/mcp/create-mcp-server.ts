import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { type EnvironmentRecord, toMcpTool } from "../../core/index.js";
import type { ArgumentValidator } from "../../env/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import { callToolOnce } from "../replay/call-tool-once.js";

/**
 * One environment's tools as a Model Context Protocol server (the SDK's low-level `Server`: the
 * tools come from data, with JSON Schemas, not from zod shapes). `tools/list` gives each tool
 * with its `inputSchema`; `tools/call` runs it in a fresh sandbox runtime (`callToolOnce`), and
 * whatever goes wrong on the caller's side — an unknown tool, arguments off the schema, a tool
 * that throws or runs out of time — comes back as an `isError` result the model can read, the
 * MCP way of saying a tool failed.
 */
export function createMcpServer(options: {
  record: EnvironmentRecord;
  sandbox: Sandbox;
  validator: ArgumentValidator;
}): Server {
  const { record, sandbox, validator } = options;
  const server = new Server(
    { name: `toolgym-${record.id}`, version: "0.1.0" },
    {
      capabilities: { tools: {} },
      instructions: record.messages.find((m) => m.role === "system")?.content,
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: record.tools.map(toMcpTool),
  }));
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    const { name, arguments: args } = request.params;
    const result = callToolOnce({ record, name, arguments: args ?? {}, sandbox, validator });
    return { content: [{ type: "text", text: result.content }], isError: result.isError };
  });
  return server;
}
