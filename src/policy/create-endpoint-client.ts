import OpenAI from "openai";
import { ConfigError } from "../core/index.js";
import { isLocalEndpoint } from "./local-endpoint.js";

/** The key sent to a local server when none is given (vLLM, SGLang and Ollama accept any). */
export const LOCAL_API_KEY_PLACEHOLDER = "toolgym-local-no-key";

/**
 * The `openai` SDK client for an OpenAI-compatible endpoint, as every toolgym caller builds it:
 * a local server needs no key, a remote one must have one; nothing is read from the environment
 * (env vars are read at the CLI edge only) and the SDK's own retries are off — `createChatCaller`
 * does them, with toolgym's failure messages.
 */
export function createEndpointClient(options: {
  baseURL: string;
  apiKey?: string;
  timeoutMs: number;
}): OpenAI {
  const { baseURL, timeoutMs } = options;
  const apiKey = options.apiKey ?? (isLocalEndpoint(baseURL) ? LOCAL_API_KEY_PLACEHOLDER : "");
  if (apiKey === "") {
    throw new ConfigError(
      "apiKey",
      `${baseURL} is not a local server, so it needs an API key: set OPENAI_API_KEY (or pass apiKey)`,
    );
  }
  return new OpenAI({
    apiKey,
    baseURL,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: "off",
  });
}
