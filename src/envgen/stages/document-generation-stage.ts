import type { DecomposedTask, DocumentedTask, StageContext } from "./stage-types.js";

/**
 * Stage 2, document generation: one tool document per capability the steps need (name,
 * description, JSON-Schema parameters with types, enums, required and optional ones), and the
 * gold call of every step.
 */
export interface DocumentGenerationStage {
  run(task: DecomposedTask, context: StageContext): Promise<DocumentedTask>;
}
