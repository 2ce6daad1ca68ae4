import type { ComplexityScalingStage } from "./complexity-scaling-stage.js";
import type { DecompositionStage } from "./decomposition-stage.js";
import type { DocumentGenerationStage } from "./document-generation-stage.js";
import type { FunctionIntegrationStage } from "./function-integration-stage.js";
import type { LocalizedDeploymentStage } from "./localized-deployment-stage.js";

/**
 * An implementation of the five stages: the procedural backend (`createProceduralBackend`) or
 * an LLM backend. Replacing one stage is an object spread:
 *
 * @example
 * const backend = { ...createProceduralBackend({ seed: 1 }), functionIntegration: myIntegration };
 */
export interface EnvgenBackend {
  /** Written to every record's `meta.source`-compatible name, e.g. `procedural`, `llm:<model>`. */
  readonly name: string;
  readonly decomposition: DecompositionStage;
  readonly documentGeneration: DocumentGenerationStage;
  readonly functionIntegration: FunctionIntegrationStage;
  readonly complexityScaling: ComplexityScalingStage;
  readonly localizedDeployment: LocalizedDeploymentStage;
}
