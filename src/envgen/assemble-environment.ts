import type { EnvironmentRecord } from "../core/index.js";
import type { DeployedTask } from "./stages/stage-types.js";

/** The system prompt of generated environments (the sample environments' wording). */
export const ENVGEN_SYSTEM_PROMPT =
  "You are a helpful assistant. Use the tools when they help; call independent tools in parallel; give the final answer in plain text.";

/**
 * The record a deployed task becomes: the question as the user message, the tools in the order
 * the task lists them, the steps as the gold plan. `meta` keeps what statistics and leakage
 * audits need: split, entities, tool roles and families, merges, complexity report.
 */
export function assembleEnvironment(
  task: DeployedTask,
  options: { systemPrompt?: string } = {},
): EnvironmentRecord {
  const { systemPrompt = ENVGEN_SYSTEM_PROMPT } = options;
  return {
    id: task.id,
    scenario: task.scenario,
    messages: [
      { role: "system", content: systemPrompt },
      { role: "user", content: task.question },
    ],
    tools: task.tools.map((tool) => tool.spec),
    code: task.code,
    subtasks: task.steps.map((step) => ({
      question: step.question,
      tool: step.call.tool,
      arguments: step.call.arguments,
      answer: step.answer,
      after: step.after,
    })),
    answer: task.answer,
    meta: {
      seed: task.seed,
      source: task.source,
      ...(task.split === undefined ? {} : { split: task.split }),
      entities: task.entities.map((entity) => `${entity.kind}:${entity.name}`),
      phrasings: task.phrasings,
      tool_roles: Object.fromEntries(
        task.tools.map((tool) => [tool.spec.function.name, tool.role]),
      ),
      tool_families: Object.fromEntries(
        task.tools.map((tool) => [tool.spec.function.name, tool.family]),
      ),
      merges: task.merges,
      complexity: { ...task.complexity },
    },
  };
}
