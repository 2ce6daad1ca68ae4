// envgen: FTRL's five environment-building stages, the procedural backend, verification,
// the builder, statistics. (The LLM backend is in ./llm.)
export * from "./assemble-environment.js";
export * from "./build-environments.js";
export * from "./build-sidecar.js";
export * from "./complexity-presets.js";
export * from "./environment-stats.js";
export * from "./environments-like.js";
export * from "./errors/envgen-exhausted-error.js";
export * from "./format-environment-stats.js";
export * from "./normalize-question.js";
export * from "./plan-shape.js";
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
export * from "./stages/candidate-rejection.js";
export * from "./stages/envgen-backend.js";
export * from "./stages/stage-types.js";
export * from "./verification-failure.js";
export * from "./verify-environment.js";
