import type { DecompositionStage } from "../stages/envgen-backend.js";
import type { JsonObject } from "../stages/stage-types.js";
import { checkPlanShape } from "./check-plan.js";
import { decompositionPrompt, type LlmSeed } from "./prompts/decomposition-prompt.js";
import { type LlmStageDeps, runLlmStage } from "./run-llm-stage.js";

/**
 * Stage 1 by prompt. The environment slot `context.index` takes seed `index mod seeds.length`
 * (a file of questions maps onto the slots in order); a retry of the slot asks for another
 * candidate from the same seed.
 */
export function createLlmDecompositionStage(
  deps: LlmStageDeps & { seeds: readonly LlmSeed[] },
): DecompositionStage {
  const { seeds } = deps;
  return {
    async run(request, context) {
      const seed = seeds[context.index % seeds.length]!;
      const output = await runLlmStage({
        ...deps,
        signal: context.signal ?? deps.signal,
        prompt: decompositionPrompt,
        value: {
          scenario: request.scenario,
          seed,
          candidate: `${context.index}/${context.attempt}`,
        },
        check: (plan) => checkPlanShape(request.scenario, plan.steps),
      });
      return {
        id: request.id,
        scenario: request.scenario,
        question: output.question,
        answer: output.answer,
        steps: output.steps.map((step) => ({
          question: step.question,
          answer: step.answer,
          after: step.after,
          operation: {
            capability: step.operation.capability,
            inputs: step.operation.inputs as JsonObject,
          },
        })),
        entities: output.entities,
        phrasings: [],
        source: `llm:${deps.client.model}`,
        seed: context.seed,
        ...(context.split === undefined ? {} : { split: context.split.split }),
      };
    },
  };
}
