export * from "./builtin-batcher.js";
export * from "./builtin-policy.js";
export * from "./gold-plan-waves.js";
export * from "./openai-policy.js";
export * from "./oracle-policy.js";
export * from "./policy.js";
export * from "./scripted-policy.js";
export { TOOL_FORMAT_NAMES, type ToolFormatName } from "./tool-format.js";
