import type { EnvgenBackend } from "../stages/envgen-backend.js";
import type { DeployedTask } from "../stages/stage-types.js";
import type { JsonChatClient } from "./json-chat-client.js";
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
import { createStageCache } from "./stage-cache.js";
import type { UsageByStage } from "./token-usage.js";

export interface LlmBackendOptions {
  /** The endpoint (createJsonChatClient): its concurrency limit covers every stage. */
  client: JsonChatClient;
  /** Topics or questions; default DEFAULT_LLM_TOPICS. */
  seeds?: readonly LlmSeed[];
  /** A directory of cached stage answers; undefined: no cache. */
  cacheDir?: string;
  /** Verification of deployed code, for stage 5's repair round (the builder verifies again). */
  verify: (task: DeployedTask) => CodeVerdict | Promise<CodeVerdict>;
}

/** The five stages, plus what a build reports about the endpoint. */
export interface LlmBackend extends EnvgenBackend {
  /** Tokens spent so far, per stage (cached answers cost none). */
  usage(): UsageByStage;
  /** Stage answers served from the cache so far, per stage. */
  cacheHits(): Record<string, number>;
  /** Chat requests made so far. */
  readonly requests: number;
}

/**
 * FTRL's five stages, each a prompt to one OpenAI-compatible endpoint: scenario decomposition →
 * document generation → function integration → complexity scaling → localized deployment.
 *
 * @example
 * const client = createJsonChatClient({ baseURL: "http://127.0.0.1:8000/v1", model: "qwen" });
 * const backend = createLlmBackend({ client, cacheDir: ".toolgym-cache", verify });
 * const task = await runStages({ backend, request: { id: "env-0", scenario: "multi_hop" }, context });
 */
export function createLlmBackend(options: LlmBackendOptions): LlmBackend {
  const {
    client,
    seeds = DEFAULT_LLM_TOPICS.map((topic) => ({ topic })),
    cacheDir,
    verify,
  } = options;
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
  };
}
