import { ConfigError } from "../core/index.js";
import {
  createBuiltinPolicy,
  createOpenAIPolicy,
  createOraclePolicy,
  type Policy,
} from "../policy/index.js";

export interface PolicySpecOptions {
  /** Read from OPENAI_API_KEY by the caller; this module reads no environment variables. */
  apiKey?: string;
  /** Default base URL for `openai:MODEL` without `@URL` (OPENAI_BASE_URL). */
  defaultBaseURL?: string;
  toolFormat?: "native" | "text";
  concurrency?: number;
  timeoutMs?: number;
  temperature?: number;
}

export const POLICY_SPEC_HELP = "oracle | openai:MODEL[@BASE_URL] | builtin:CHECKPOINT_DIR";

/**
 * `oracle`, `openai:MODEL[@BASE_URL]` or `builtin:DIR` → a Policy. The built-in model decodes
 * greedily unless a temperature is given; its checkpoint is read on the first turn.
 */
export function parsePolicySpec(spec: string, options: PolicySpecOptions = {}): Policy {
  if (spec === "oracle") return createOraclePolicy();
  if (spec.startsWith("builtin:")) {
    const dir = spec.slice("builtin:".length);
    if (dir === "") throw new ConfigError("--policy", `"${spec}" names no checkpoint directory`);
    return createBuiltinPolicy({ dir, temperature: options.temperature ?? 0 });
  }
  if (spec.startsWith("openai:")) {
    const rest = spec.slice("openai:".length);
    const at = rest.indexOf("@");
    const model = at < 0 ? rest : rest.slice(0, at);
    const baseURL = at < 0 ? options.defaultBaseURL : rest.slice(at + 1);
    if (model === "")
      throw new ConfigError("--policy", `"${spec}" names no model; use ${POLICY_SPEC_HELP}`);
    if (baseURL === undefined || baseURL === "") {
      throw new ConfigError(
        "--policy",
        `"${spec}" gives no base URL: write openai:${model}@http://host:port/v1 or set OPENAI_BASE_URL`,
      );
    }
    return createOpenAIPolicy({
      model,
      baseURL,
      apiKey: options.apiKey,
      toolFormat: options.toolFormat ?? "native",
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      temperature: options.temperature,
    });
  }
  throw new ConfigError("--policy", `unknown policy "${spec}"; expected ${POLICY_SPEC_HELP}`);
}
