import type { EnvgenBackend } from "./stages/envgen-backend.js";
import type {
  DecomposedTask,
  DecompositionRequest,
  DeployedTask,
  DocumentedTask,
  IntegratedTask,
  ScaledTask,
  StageContext,
} from "./stages/stage-types.js";

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
