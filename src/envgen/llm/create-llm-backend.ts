import { totalUsage } from "../../endpoint/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { EnvgenBackend } from "../stages/envgen-backend.js";
import type { DeployedTask } from "../stages/stage-types.js";
import type { JsonChatClient, UsageByStage } from "./json-chat-client.js";
import { createLlmComplexityScalingStage } from "./llm-complexity-scaling-stage.js";
import { createLlmDecompositionStage } from "./llm-decomposition-stage.js";
import { createLlmDocumentGenerationStage } from "./llm-document-generation-stage.js";
import { createLlmFunctionIntegrationStage } from "./llm-function-integration-stage.js";
import {
  type CodeVerdict,
  createLlmLocalizedDeploymentStage,
} from "./llm-localized-deployment-stage.js";
import { DEFAULT_LLM_TOPICS } from "./llm-seeds.js";
import type { LlmSeed } from "./prompts/decomposition-prompt.js";
import type { ResponseFormatMode } from "./response-format.js";
import { createStageCache } from "./stage-cache.js";
import { createCodeVerifier } from "./verify-deployed-code.js";

export interface LlmBackendOptions {
  /** The endpoint (createJsonChatClient): its concurrency limit covers every stage. */
  client: JsonChatClient;
  /** Topics or questions; default DEFAULT_LLM_TOPICS. */
  seeds?: readonly LlmSeed[];
  /** A directory of cached stage answers; undefined: no cache. */
  cacheDir?: string;
  /**
   * Where stage 5 replays the gold plan to decide on its repair round (the builder verifies
   * the finished candidate again); share the builder's.
   */
  sandbox: Sandbox;
  /** Replaces the sandbox replay (createCodeVerifier) as stage 5's check. */
  verify?: (task: DeployedTask) => CodeVerdict | Promise<CodeVerdict>;
}

/** The five stages, plus what a build reports about the endpoint. */
export interface LlmBackend extends EnvgenBackend {
  /** Tokens spent so far, per stage (cached answers cost none). */
  usage(): UsageByStage;
  /** Stage answers served from the cache so far, per stage. */
  cacheHits(): Record<string, number>;
  /** Chat requests made so far. */
  readonly requests: number;
  /** The response format the endpoint has been found to take. */
  readonly responseFormat: ResponseFormatMode;
}

/**
 * FTRL's five stages, each a prompt to one OpenAI-compatible endpoint: scenario decomposition →
 * document generation → function integration → complexity scaling → localized deployment.
 *
 * @example
 * const client = createJsonChatClient({ baseURL: "http://127.0.0.1:8000/v1", model: "qwen" });
 * const sandbox = await createSandbox();
 * const backend = createLlmBackend({ client, sandbox, cacheDir: ".toolgym-cache" });
 * const { records, rejections } = await buildEnvironments({ backend, sandbox, count: 100, seed: 1 });
 */
export function createLlmBackend(options: LlmBackendOptions): LlmBackend {
  const { client, seeds = DEFAULT_LLM_TOPICS.map((topic) => ({ topic })), cacheDir } = options;
  const verify = options.verify ?? createCodeVerifier({ sandbox: options.sandbox });
  const hits: Record<string, number> = {};
  const deps = {
    client,
    ...(cacheDir === undefined ? {} : { cache: createStageCache({ dir: cacheDir }) }),
    onCacheHit: (stage: string) => {
      hits[stage] = (hits[stage] ?? 0) + 1;
    },
  };
  return {
    name: `llm:${client.model}`,
    decomposition: createLlmDecompositionStage({ ...deps, seeds }),
    documentGeneration: createLlmDocumentGenerationStage(deps),
    functionIntegration: createLlmFunctionIntegrationStage(deps),
    complexityScaling: createLlmComplexityScalingStage(deps),
    localizedDeployment: createLlmLocalizedDeploymentStage({ ...deps, verify }),
    usage: () => client.usage(),
    cacheHits: () => ({ ...hits }),
    get requests() {
      return client.requests;
    },
    get responseFormat() {
      return client.responseFormat;
    },
  };
}

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
