import type {
  DecomposedTask,
  DecompositionRequest,
  DeployedTask,
  DocumentedTask,
  IntegratedTask,
  ScaledTask,
  StageContext,
} from "./stage-types.js";

// The five stages' contracts, in order (each takes the previous stage's output, stage-types.ts),
// the backend that bundles one implementation of each, and `runStages`, which runs them.

/**
 * Stage 1, scenario decomposition: a question of the requested scenario, its final answer, and
 * its gold steps (sub-question, sub-answer, dependencies, operation).
 *
 * The plan's shape must fit the scenario: single_hop one step; parallel_single_hop several
 * independent steps; multi_hop a chain (each step needs the one before); parallel_multi_hop
 * dependencies and at least one wave of two or more independent steps.
 */
export interface DecompositionStage {
  run(request: DecompositionRequest, context: StageContext): Promise<DecomposedTask>;
}

/**
 * Stage 2, document generation: one tool document per capability the steps need (name,
 * description, JSON-Schema parameters with types, enums, required and optional ones), and the
 * gold call of every step.
 */
export interface DocumentGenerationStage {
  run(task: DecomposedTask, context: StageContext): Promise<DocumentedTask>;
}

/**
 * Stage 3, function integration: documents with overlapping functionality merged into one tool
 * (`get_country_capital` + `get_country_population` → `get_country_info(country, field)`), every
 * step's call rewritten to the merged tool, the merges listed. A task with nothing to merge
 * passes through with `merges: []`.
 */
export interface FunctionIntegrationStage {
  run(task: DocumentedTask, context: StageContext): Promise<IntegratedTask>;
}

/**
 * Stage 4, complexity scaling: FTRL's four strategies, each as strong as `context.complexity`
 * says — functional generalization, parameter expansion, parameter type generalization, toolset
 * extension (distractors, near-duplicates). Calls are rewritten so the gold plan still answers
 * every step; added tools carry role `distractor` or `near_duplicate`.
 */
export interface ComplexityScalingStage {
  run(task: IntegratedTask, context: StageContext): Promise<ScaledTask>;
}

/**
 * Stage 5, localized deployment: JavaScript for every tool, `function name(args) { … }`, with
 * its data embedded. The code must be self-contained (no imports, no globals beyond the
 * language's own), deterministic (no clock, no randomness), and keep to the slice of data the
 * environment needs. It runs in the sandbox; one tool's source may not rely on another's.
 */
export interface LocalizedDeploymentStage {
  run(task: ScaledTask, context: StageContext): Promise<DeployedTask>;
}

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

/** Each stage's output, by stage name: what `onStage` is handed. */
export interface StageOutputs {
  decomposition: DecomposedTask;
  documentGeneration: DocumentedTask;
  functionIntegration: IntegratedTask;
  complexityScaling: ScaledTask;
  localizedDeployment: DeployedTask;
}

export type StageHook = <S extends keyof StageOutputs>(stage: S, output: StageOutputs[S]) => void;

/**
 * Runs the five stages of `backend` for one candidate, in order. `onStage` sees every
 * intermediate output (to print, cache or test one stage).
 *
 * @example
 * const task = await runStages({ backend, request: { id: "env-0", scenario: "multi_hop" }, context,
 *   onStage: (stage, output) => console.log(stage, JSON.stringify(output)) });
 */
export async function runStages(options: {
  backend: EnvgenBackend;
  request: DecompositionRequest;
  context: StageContext;
  onStage?: StageHook;
}): Promise<DeployedTask> {
  const { backend, request, context, onStage } = options;
  const decomposed = await backend.decomposition.run(request, context);
  onStage?.("decomposition", decomposed);
  const documented = await backend.documentGeneration.run(decomposed, context);
  onStage?.("documentGeneration", documented);
  const integrated = await backend.functionIntegration.run(documented, context);
  onStage?.("functionIntegration", integrated);
  const scaled = await backend.complexityScaling.run(integrated, context);
  onStage?.("complexityScaling", scaled);
  const deployed = await backend.localizedDeployment.run(scaled, context);
  onStage?.("localizedDeployment", deployed);
  return deployed;
}
