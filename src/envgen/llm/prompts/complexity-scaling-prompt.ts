import { z } from "zod";
import type { ComplexityKnobs, IntegratedTask } from "../../stages/stage-types.js";
import { type StagePrompt, WireCallSchema, WireToolSchema } from "./stage-prompt.js";

export interface ComplexityScalingInput {
  task: IntegratedTask;
  knobs: ComplexityKnobs;
}

/** How many tools each strategy should touch: a probability per tool becomes an expected count. */
export interface ComplexityRequest {
  functional_generalization: number;
  parameter_expansion: number;
  parameter_type_generalization: number;
  distractors: number;
  near_duplicates: number;
}

export function complexityRequest(knobs: ComplexityKnobs, neededTools: number): ComplexityRequest {
  const perTool = (p: number) => Math.round(p * neededTools);
  return {
    functional_generalization: perTool(knobs.functionalGeneralization),
    parameter_expansion: perTool(knobs.parameterExpansion),
    parameter_type_generalization: perTool(knobs.parameterTypeGeneralization),
    distractors: knobs.distractors,
    near_duplicates: knobs.nearDuplicates,
  };
}

const ReportSchema = z.object({
  functional_generalization: z.array(z.string()),
  parameter_expansion: z.array(z.string()),
  parameter_type_generalization: z.array(z.string()),
  distractors: z.array(z.string()),
  near_duplicates: z.array(z.string()),
});

export const ComplexityScalingOutputSchema = z.object({
  tools: z
    .array(WireToolSchema.extend({ role: z.enum(["needed", "distractor", "near_duplicate"]) }))
    .min(1),
  calls: z.array(WireCallSchema).min(1),
  report: ReportSchema,
});
export type ComplexityScalingOutput = z.infer<typeof ComplexityScalingOutputSchema>;

const SYSTEM = `You build training environments for teaching language models to use tools, following the FTRL pipeline. This is stage 4 of 5, complexity scaling: make the toolset harder to use correctly with FTRL's four strategies, applied exactly as many times as "requested" says, while every step stays answerable by its call.

The strategies:
- functional_generalization: a tool serves a broader class of requests (more fields, more operations, more kinds of input). Rewrite its description and parameters accordingly.
- parameter_expansion: add parameters to a tool, optional ones with sensible defaults (documented in the description and with "default" in the schema).
- parameter_type_generalization: give parameters richer types: enums, arrays, objects (e.g. an amount with a unit), units, formats (e.g. "format": "date").
- toolset extension, in two kinds: "distractors" are new tools unrelated to the steps; "near_duplicates" are new tools similar to a needed tool in name and description but different in meaning (another unit, another field, another direction). Neither is called by any step.

Rules:
- Apply each strategy to the requested number of tools (0 means do not apply it); list the affected or added tool names in "report".
- "tools" lists every tool, each with "role": "needed" (called by some step), "distractor" or "near_duplicate". Keep the document rules: snake_case names, a "type" and "description" for every parameter, "enum" for closed sets, "required".
- "calls" keeps exactly one entry per step, in step order, updated to the changed schemas: each call must satisfy its tool's schema and must still produce the step's answer. New parameters a call leaves out must not change that answer.
- Nothing in a document may reveal a sub-answer.`;

export const complexityScalingPrompt: StagePrompt<ComplexityScalingInput, ComplexityScalingOutput> =
  {
    stage: "complexityScaling",
    version: "1",
    schemaName: "complexity_scaling",
    system: SYSTEM,
    output: ComplexityScalingOutputSchema,
    input: ({ task, knobs }) => ({
      requested: complexityRequest(knobs, task.tools.filter((t) => t.role === "needed").length),
      steps: task.steps.map(({ question, answer, call }) => ({ question, answer, call })),
      tools: task.tools.map((tool) => ({
        ...tool.spec.function,
        family: tool.family,
        capabilities: tool.capabilities,
      })),
    }),
  };
