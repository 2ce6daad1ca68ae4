// policy: the Policy interface and its implementations — an OpenAI-compatible endpoint, the
// built-in model, the oracle (gold plans), a scripted policy for tests.
export {
  BuiltinBatcher,
  type BuiltinBatcherOptions,
  type BuiltinBatcherStats,
} from "./builtin-batcher.js";
export {
  type BuiltinModelSource,
  type BuiltinPolicy,
  type BuiltinPolicyOptions,
  CONTEXT_FULL_ANSWER,
  createBuiltinPolicy,
} from "./builtin-policy.js";
export {
  createOpenAIPolicy,
  type OpenAIPolicyOptions,
  OpenAIPolicyOptionsSchema,
} from "./openai-policy.js";
export { createOraclePolicy, goldPlanWaves, isOraclePolicy } from "./oracle-policy.js";
export type { Policy, PolicyRequest, PolicyResponse, PolicyTokens } from "./policy.js";
export { createScriptedPolicy, type ScriptStep } from "./scripted-policy.js";
export { TOOL_FORMAT_NAMES, type ToolFormatName } from "./tool-format.js";
