import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { EnvironmentRecord } from "../../core/index.js";
import { ArgumentValidator } from "../../env/index.js";
import { createSandbox, type Sandbox } from "../../sandbox/index.js";
import {
  type JsonServerOptions,
  type RunningServer,
  startJsonServer,
} from "../http/json-server.js";
import { createMcpServer } from "./create-mcp-server.js";

export interface McpHttpServerOptions extends Omit<JsonServerOptions, "routes"> {
  readonly record: EnvironmentRecord;
  /** Made (and disposed on close) when not given. */
  readonly sandbox?: Sandbox;
}

/**
 * `toolgym serve mcp --http`: the environment's MCP server over streamable HTTP at `POST /mcp`,
 * stateless (a fresh protocol server and transport per request, as the SDK's stateless example
 * does): its tools keep no state between calls, so any instance can answer any request. The
 * token, body limit and 127.0.0.1 default of every toolgym server apply; `GET /health` too.
 */
export async function startMcpHttpServer(options: McpHttpServerOptions): Promise<RunningServer> {
  const { record, ...http } = options;
  const sandbox = options.sandbox ?? (await createSandbox());
  const validator = new ArgumentValidator();
  const running = await startJsonServer({
    ...http,
    routes: [
      {
        method: "POST",
        path: "/mcp",
        raw: async (req, res, body) => {
          const server = createMcpServer({ record, sandbox, validator });
          const transport = new StreamableHTTPServerTransport({
            sessionIdGenerator: undefined,
            enableJsonResponse: true,
          });
          res.on("close", () => {
            void transport.close();
            void server.close();
          });
          await server.connect(transport);
          await transport.handleRequest(req, res, body);
        },
      },
      { method: "GET", path: "/health", json: () => ({ ok: true, env_id: record.id }) },
    ],
  });
  return {
    ...running,
    close: async () => {
      await running.close();
      if (options.sandbox === undefined) sandbox.dispose();
    },
  };
}
