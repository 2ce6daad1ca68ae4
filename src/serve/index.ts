// Servers that make toolgym the environment, reward and model layer of other engines: the
// reward (OpenRLHF's protocol), environments as reset/step sessions, the built-in model behind
// the OpenAI API, and one environment's tools over MCP.
export { type EnvServerOptions, startEnvServer } from "./env/start-env-server.js";
export { EnvCatalog } from "./env-catalog.js";
export { HttpError } from "./http/http-error.js";
export {
  type JsonRoute,
  type JsonServerOptions,
  type RouteRequest,
  type RunningServer,
  sendJson,
  startJsonServer,
} from "./http/json-server.js";
export { createMcpServer } from "./mcp/create-mcp-server.js";
export { type McpHttpServerOptions, startMcpHttpServer } from "./mcp/start-mcp-http-server.js";
export { loadBuiltinModel } from "./model/load-builtin-model.js";
export { type ModelServerOptions, startModelServer } from "./model/start-model-server.js";
export { callToolOnce, type ToolCallResult } from "./replay/call-tool-once.js";
export {
  type Replay,
  type ReplayOptions,
  replayConversation,
} from "./replay/replay-conversation.js";
export { responseTurns } from "./reward/response-turns.js";
export { type RewardServerOptions, startRewardServer } from "./reward/start-reward-server.js";
