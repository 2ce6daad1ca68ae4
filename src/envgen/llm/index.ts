// The LLM backend of envgen: FTRL's five stages as prompts to any OpenAI-compatible endpoint.
export {
  createLlmBackend,
  formatLlmSummary,
  type LlmBackend,
  type LlmBackendOptions,
} from "./create-llm-backend.js";
export {
  type ChatText,
  createJsonChatClient,
  type JsonChatClient,
  type JsonChatClientOptions,
  JsonChatClientOptionsSchema,
  type JsonRequest,
  type JsonResult,
  type UsageByStage,
} from "./json-chat-client.js";
export { createLlmComplexityScalingStage } from "./llm-complexity-scaling-stage.js";
export { createLlmDecompositionStage } from "./llm-decomposition-stage.js";
export { createLlmDocumentGenerationStage } from "./llm-document-generation-stage.js";
export { createLlmFunctionIntegrationStage } from "./llm-function-integration-stage.js";
export {
  type CodeVerdict,
  createLlmLocalizedDeploymentStage,
} from "./llm-localized-deployment-stage.js";
export { DEFAULT_LLM_TOPICS, parseLlmSeeds, readLlmSeeds } from "./llm-seeds.js";
export { type ParsedModelJson, parseModelJson } from "./parse-model-json.js";
export { complexityScalingPrompt } from "./prompts/complexity-scaling-prompt.js";
export { decompositionPrompt, type LlmSeed } from "./prompts/decomposition-prompt.js";
export { documentGenerationPrompt } from "./prompts/document-generation-prompt.js";
export { functionIntegrationPrompt } from "./prompts/function-integration-prompt.js";
export { localizedDeploymentPrompt } from "./prompts/localized-deployment-prompt.js";
export { renderStagePrompt, type StagePrompt } from "./prompts/stage-prompt.js";
export { RESPONSE_FORMAT_MODES, type ResponseFormatMode } from "./response-format.js";
export { type LlmStageDeps, runLlmStage } from "./run-llm-stage.js";
export {
  canonicalJson,
  createStageCache,
  type StageCache,
  type StageCacheKey,
  stageCacheHash,
} from "./stage-cache.js";
export { createCodeVerifier, REPAIRABLE_FAILURES } from "./verify-deployed-code.js";
