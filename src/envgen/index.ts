// envgen: FTRL's five environment-building stages, the procedural backend, verification,
// the builder, statistics. (The LLM backend is in ./llm.)
export { assembleEnvironment, ENVGEN_SYSTEM_PROMPT } from "./assemble-environment.js";
export {
  type BuildOptions,
  type BuildProgress,
  type BuildResult,
  buildEnvironments,
} from "./build-environments.js";
export { type BuildSidecar, BuildSidecarSchema, buildSidecarPath } from "./build-sidecar.js";
export {
  COMPLEXITY_PRESETS,
  type ComplexityPreset,
  parseComplexity,
} from "./complexity-presets.js";
export {
  computeEnvironmentStats,
  type Distribution,
  type EnvironmentStats,
} from "./environment-stats.js";
export {
  type EnvironmentsLike,
  type EnvironmentsLikeOptions,
  environmentsLike,
} from "./environments-like.js";
export { EnvgenExhaustedError } from "./errors/envgen-exhausted-error.js";
export { formatEnvironmentStats } from "./format-environment-stats.js";
export { normalizeQuestion } from "./normalize-question.js";
export { planShapeFits, planWaves } from "./plan-shape.js";
export {
  createProceduralBackend,
  type ProceduralBackend,
} from "./procedural/create-procedural-backend.js";
export { createProceduralComplexityScaling } from "./procedural/procedural-complexity-scaling.js";
export { createProceduralDecomposition } from "./procedural/procedural-decomposition.js";
export { createProceduralDocumentGeneration } from "./procedural/procedural-document-generation.js";
export { createProceduralFunctionIntegration } from "./procedural/procedural-function-integration.js";
export { createProceduralLocalizedDeployment } from "./procedural/procedural-localized-deployment.js";
export { ENTITY_KINDS, type EntityKind } from "./procedural/world/entity-fields.js";
export { entitySplit, testClusters } from "./procedural/world/entity-pools.js";
export { generateWorld } from "./procedural/world/generate-world.js";
export type { Entity, FieldValue, World } from "./procedural/world/world.js";
export { CandidateRejection } from "./stages/candidate-rejection.js";
export {
  type ComplexityScalingStage,
  type DecompositionStage,
  type DocumentGenerationStage,
  type EnvgenBackend,
  type FunctionIntegrationStage,
  type LocalizedDeploymentStage,
  runStages,
  type StageHook,
  type StageOutputs,
} from "./stages/envgen-backend.js";
export {
  type ComplexityKnobs,
  type ComplexityReport,
  type DecomposedStep,
  type DecomposedTask,
  type DecompositionRequest,
  type DeployedTask,
  type DocumentedStep,
  type DocumentedTask,
  type EntityRef,
  type IntegratedTask,
  type JsonObject,
  type JsonValue,
  type Operation,
  type PlannedCall,
  type ScaledTask,
  type SplitName,
  type SplitOptions,
  STAGE_NAMES,
  type StageContext,
  type StageName,
  TOOL_FAMILIES,
  type ToolDocument,
  type ToolFamily,
  type ToolMerge,
  type ToolRole,
} from "./stages/stage-types.js";
export {
  VERIFICATION_FAILURES,
  type VerificationFailure,
  type VerificationResult,
} from "./verification-failure.js";
export { type VerifyOptions, verifyEnvironment } from "./verify-environment.js";
