// Servers that make toolgym the environment, reward and model layer of other engines: the
// reward (OpenRLHF's protocol), environments as reset/step sessions, the built-in model behind
// the OpenAI API, and one environment's tools over MCP.
export * from "./env/start-env-server.js";
export * from "./env-catalog.js";
export * from "./http/http-error.js";
export * from "./http/json-server.js";
export * from "./mcp/create-mcp-server.js";
export * from "./mcp/start-mcp-http-server.js";
export * from "./model/load-builtin-model.js";
export * from "./model/start-model-server.js";
export * from "./replay/call-tool-once.js";
export * from "./replay/replay-conversation.js";
export * from "./reward/response-turns.js";
export * from "./reward/start-reward-server.js";
