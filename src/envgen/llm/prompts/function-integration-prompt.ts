import { z } from "zod";
import type { DocumentedTask } from "../../stages/stage-types.js";
import { type StagePrompt, WireCallSchema, WireToolSchema } from "./stage-prompt.js";

export const FunctionIntegrationOutputSchema = z.object({
  tools: z.array(WireToolSchema).min(1),
  calls: z.array(WireCallSchema).min(1),
  merges: z.array(z.object({ into: z.string(), from: z.array(z.string()).min(2) })),
});
export type FunctionIntegrationOutput = z.infer<typeof FunctionIntegrationOutputSchema>;

const SYSTEM = `You build training environments for teaching language models to use tools, following the FTRL pipeline. This is stage 3 of 5, function integration: merge tool documents whose functionality overlaps into one tool, and rewrite the calls to use the merged tools.

Rules:
- Merge tools that do the same kind of thing on the same kind of input into one, more general tool with a parameter that selects the variant. Example: get_capital(country) + get_population(country) become get_country_info(country, field) with "field": {"type": "string", "enum": ["capital", "population"]}.
- Do not merge tools that merely share a word or a family; when nothing overlaps, return the tools unchanged and "merges": [].
- A merged tool's "capabilities" is the union of the merged tools'; its description covers every variant. Keep the JSON Schema rules: a "type" and "description" for every parameter, "enum" for closed sets, "required".
- "calls" keeps exactly one entry per step, in step order, rewritten for the merged tools; a call must still answer its step (same inputs, plus the selecting argument).
- "merges" lists each merge: the new tool ("into") and the tools it replaces ("from", at least two).`;

export const functionIntegrationPrompt: StagePrompt<DocumentedTask, FunctionIntegrationOutput> = {
  stage: "functionIntegration",
  version: "1",
  schemaName: "function_integration",
  system: SYSTEM,
  output: FunctionIntegrationOutputSchema,
  input: (task) => ({
    steps: task.steps.map(({ question, answer, call }) => ({ question, answer, call })),
    tools: task.tools.map((tool) => ({
      ...tool.spec.function,
      family: tool.family,
      capabilities: tool.capabilities,
    })),
  }),
};
