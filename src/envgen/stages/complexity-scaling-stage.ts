import type { IntegratedTask, ScaledTask, StageContext } from "./stage-types.js";

/**
 * Stage 4, complexity scaling: FTRL's four strategies, each as strong as `context.complexity`
 * says — functional generalization, parameter expansion, parameter type generalization, toolset
 * extension (distractors, near-duplicates). Calls are rewritten so the gold plan still answers
 * every step; added tools carry role `distractor` or `near_duplicate`.
 */
export interface ComplexityScalingStage {
  run(task: IntegratedTask, context: StageContext): Promise<ScaledTask>;
}
