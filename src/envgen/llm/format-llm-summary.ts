import { totalUsage } from "../../endpoint/index.js";
import type { LlmBackend } from "./create-llm-backend.js";

/**
 * One line on what an LLM build cost: requests, tokens (prompt + completion) summed from the
 * servers' `usage`, answers served from the cache, and the response format the endpoint took.
 *
 * @example
 * formatLlmSummary(backend)
 * // "llm:qwen: 52 requests, 81,344 tokens (61,002 prompt + 20,342 completion), 10 cached answers, response format json_schema"
 */
export function formatLlmSummary(backend: LlmBackend): string {
  const usage = totalUsage(backend.usage());
  const cached = Object.values(backend.cacheHits()).reduce((a, b) => a + b, 0);
  const n = (x: number) => x.toLocaleString("en-US");
  return `${backend.name}: ${n(backend.requests)} requests, ${n(usage.totalTokens)} tokens (${n(usage.promptTokens)} prompt + ${n(usage.completionTokens)} completion), ${n(cached)} cached answers, response format ${backend.responseFormat}`;
}
