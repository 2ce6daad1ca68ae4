import type { DocumentGenerationStage } from "../stages/envgen-backend.js";
import { checkCalls } from "./check-plan.js";
import { documentGenerationPrompt } from "./prompts/document-generation-prompt.js";
import { type LlmStageDeps, runLlmStage } from "./run-llm-stage.js";
import { checkedTools, toolDocumentOf, withCalls } from "./wire-tools.js";

/** Stage 2 by prompt: a tool document per capability and the call that answers each step. */
export function createLlmDocumentGenerationStage(deps: LlmStageDeps): DocumentGenerationStage {
  return {
    async run(task, context) {
      const output = await runLlmStage({
        ...deps,
        signal: context.signal ?? deps.signal,
        prompt: documentGenerationPrompt,
        value: task,
        check: ({ tools, calls }) => checkCalls(checkedTools(tools), calls, task.steps.length),
      });
      return {
        ...task,
        steps: withCalls(task.steps, output.calls),
        tools: output.tools.map((tool) => toolDocumentOf(tool)),
      };
    },
  };
}
