import type { FunctionIntegrationStage } from "../stages/envgen-backend.js";
import { checkCalls } from "./check-plan.js";
import { functionIntegrationPrompt } from "./prompts/function-integration-prompt.js";
import { type LlmStageDeps, runLlmStage } from "./run-llm-stage.js";
import { checkedTools, toolDocumentOf, withCalls } from "./wire-tools.js";

/** Stage 3 by prompt: overlapping documents merged, calls rewritten, merges recorded. */
export function createLlmFunctionIntegrationStage(deps: LlmStageDeps): FunctionIntegrationStage {
  return {
    async run(task, context) {
      const before = new Set(task.tools.map((tool) => tool.spec.function.name));
      const output = await runLlmStage({
        ...deps,
        signal: context.signal ?? deps.signal,
        prompt: functionIntegrationPrompt,
        value: task,
        check: ({ tools, calls, merges }) => {
          const problems = checkCalls(checkedTools(tools), calls, task.steps.length);
          const after = new Set(tools.map((tool) => tool.name));
          for (const merge of merges) {
            if (!after.has(merge.into)) problems.push(`merge into "${merge.into}": no such tool`);
            for (const name of merge.from) {
              if (!before.has(name))
                problems.push(`merge from "${name}": it was not an input tool`);
            }
          }
          return problems;
        },
      });
      return {
        ...task,
        steps: withCalls(task.steps, output.calls),
        tools: output.tools.map((tool) => toolDocumentOf(tool)),
        merges: output.merges,
      };
    },
  };
}
