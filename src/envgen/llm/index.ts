// The LLM backend of envgen: FTRL's five stages as prompts to any OpenAI-compatible endpoint.
export * from "./create-llm-backend.js";
export * from "./format-llm-summary.js";
export * from "./json-chat-client.js";
export * from "./llm-complexity-scaling-stage.js";
export * from "./llm-decomposition-stage.js";
export * from "./llm-document-generation-stage.js";
export * from "./llm-function-integration-stage.js";
export * from "./llm-localized-deployment-stage.js";
export * from "./llm-seeds.js";
export { type ParsedModelJson, parseModelJson } from "./parse-model-json.js";
export { complexityScalingPrompt } from "./prompts/complexity-scaling-prompt.js";
export { decompositionPrompt, type LlmSeed } from "./prompts/decomposition-prompt.js";
export { documentGenerationPrompt } from "./prompts/document-generation-prompt.js";
export { functionIntegrationPrompt } from "./prompts/function-integration-prompt.js";
export { localizedDeploymentPrompt } from "./prompts/localized-deployment-prompt.js";
export { renderStagePrompt, type StagePrompt } from "./prompts/stage-prompt.js";
export { RESPONSE_FORMAT_MODES, type ResponseFormatMode } from "./response-format.js";
export { type LlmStageDeps, runLlmStage } from "./run-llm-stage.js";
export * from "./stage-cache.js";

export * from "./verify-deployed-code.js";
