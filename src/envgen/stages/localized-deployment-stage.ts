import type { DeployedTask, ScaledTask, StageContext } from "./stage-types.js";

/**
 * Stage 5, localized deployment: JavaScript for every tool, `function name(args) { … }`, with
 * its data embedded. The code must be self-contained (no imports, no globals beyond the
 * language's own), deterministic (no clock, no randomness), and keep to the slice of data the
 * environment needs. It runs in the sandbox; one tool's source may not rely on another's.
 */
export interface LocalizedDeploymentStage {
  run(task: ScaledTask, context: StageContext): Promise<DeployedTask>;
}
