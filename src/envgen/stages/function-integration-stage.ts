import type { DocumentedTask, IntegratedTask, StageContext } from "./stage-types.js";

/**
 * Stage 3, function integration: documents with overlapping functionality merged into one tool
 * (`get_country_capital` + `get_country_population` → `get_country_info(country, field)`), every
 * step's call rewritten to the merged tool, the merges listed. A task with nothing to merge
 * passes through with `merges: []`.
 */
export interface FunctionIntegrationStage {
  run(task: DocumentedTask, context: StageContext): Promise<IntegratedTask>;
}
