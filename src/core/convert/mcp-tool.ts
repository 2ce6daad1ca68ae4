import type { JsonSchema, ToolSpec } from "../records/message.js";

/** A tool as the Model Context Protocol lists it (`tools/list`). */
export interface McpTool {
  name: string;
  description?: string;
  inputSchema: { type: "object"; [key: string]: unknown };
}

export function toMcpTool(spec: ToolSpec): McpTool {
  const { name, description, parameters } = spec.function;
  return { name, description, inputSchema: { ...parameters, type: "object" } };
}

export function fromMcpTool(tool: McpTool): ToolSpec {
  const parameters: JsonSchema = { ...tool.inputSchema };
  return {
    type: "function",
    function: { name: tool.name, description: tool.description ?? "", parameters },
  };
}
