import type { DecomposedTask, DecompositionRequest, StageContext } from "./stage-types.js";

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
