// endpoint: the one OpenAI-compatible client (retries, timeouts, concurrency, usage) that the
// OpenAI policy and the LLM environment builder share.
export {
  addUsage,
  type ChatCompletionResponse,
  ChatCompletionResponseSchema,
  type CompletionMessage,
  CompletionMessageSchema,
  CompletionToolCallSchema,
  type TokenUsage,
  totalUsage,
  usageOf,
  ZERO_USAGE,
} from "./chat-completion.js";
export {
  type ChatBody,
  type ChatOutcome,
  type ChatRequest,
  createEndpoint,
  type Endpoint,
  type EndpointInternals,
  EndpointOptionsSchema,
  type EndpointSettings,
  isLocalEndpoint,
  LOCAL_API_KEY_PLACEHOLDER,
} from "./endpoint.js";
export {
  classifyEndpointFailure,
  type EndpointContext,
  type EndpointFailure,
  malformedResponse,
} from "./endpoint-failure.js";
