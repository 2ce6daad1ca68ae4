import { z } from "zod";
import type { DecomposedTask } from "../../stages/stage-types.js";
import { type StagePrompt, WireCallSchema, WireToolSchema } from "./stage-prompt.js";

export const DocumentGenerationOutputSchema = z.object({
  tools: z.array(WireToolSchema).min(1),
  calls: z.array(WireCallSchema).min(1),
});
export type DocumentGenerationOutput = z.infer<typeof DocumentGenerationOutputSchema>;

const SYSTEM = `You build training environments for teaching language models to use tools, following the FTRL pipeline. This is stage 2 of 5, document generation: write the tool documents that the steps of a decomposed task need, and the call that answers each step.

Rules:
- Write one tool per distinct capability among the steps' operations (steps that share a capability share a tool). List in "capabilities" the capability names the tool answers.
- A tool document is an OpenAI function: "name" (snake_case, a valid JavaScript identifier), "description" (what it does and what it returns, one or two sentences), "parameters" (a JSON Schema object: "type": "object", "properties" with a "type" and a "description" for every parameter, "enum" where the values form a closed set, "required" listing the parameters a call cannot do without).
- Document the general capability, not the one instance: "get_country_capital(country)", not "get_capital_of_france()". Nothing in a document may reveal a sub-answer.
- "family" classifies the tool: "lookup" (an attribute of one thing), "relation" (a thing related to another), "conversion" (units, currencies, time zones), "arithmetic" (computing with numbers, aggregating), "date" (date arithmetic), or "other".
- "calls" has exactly one entry per step, in step order: "step" (its index), "tool", and "arguments" that satisfy the tool's schema and carry the step's operation inputs. Where a step uses an earlier step's answer, the argument is that answer, written out.`;

export const documentGenerationPrompt: StagePrompt<DecomposedTask, DocumentGenerationOutput> = {
  stage: "documentGeneration",
  version: "1",
  schemaName: "document_generation",
  system: SYSTEM,
  output: DocumentGenerationOutputSchema,
  input: (task) => ({
    question: task.question,
    steps: task.steps.map(({ question, answer, after, operation }) => ({
      question,
      answer,
      after,
      operation,
    })),
  }),
};
