import type { ComplexityScalingStage } from "../stages/envgen-backend.js";
import type { ComplexityKnobs, ComplexityReport } from "../stages/stage-types.js";
import { checkCalls } from "./check-plan.js";
import {
  type ComplexityScalingOutput,
  complexityRequest,
  complexityScalingPrompt,
} from "./prompts/complexity-scaling-prompt.js";
import { type LlmStageDeps, runLlmStage } from "./run-llm-stage.js";
import { checkedTools, toolDocumentOf, withCalls } from "./wire-tools.js";

const EMPTY_REPORT: ComplexityReport = {
  functionalGeneralization: [],
  parameterExpansion: [],
  parameterTypeGeneralization: [],
  distractors: [],
  nearDuplicates: [],
};

/**
 * Stage 4 by prompt, as strong as `context.complexity` asks. With every knob at zero there is
 * nothing to ask, so no request is made and the task passes through unchanged.
 */
export function createLlmComplexityScalingStage(deps: LlmStageDeps): ComplexityScalingStage {
  return {
    async run(task, context) {
      const knobs = context.complexity;
      const needed = task.tools.filter((tool) => tool.role === "needed").length;
      const requested = complexityRequest(knobs, needed);
      if (Object.values(requested).every((n) => n === 0)) {
        return { ...task, complexity: structuredClone(EMPTY_REPORT) };
      }
      const output = await runLlmStage({
        ...deps,
        signal: context.signal ?? deps.signal,
        prompt: complexityScalingPrompt,
        value: { task, knobs },
        check: (answer) => checkScaling(answer, task.steps.length, knobs, needed),
      });
      return {
        ...task,
        steps: withCalls(task.steps, output.calls),
        tools: output.tools.map((tool) => toolDocumentOf(tool, tool.role)),
        complexity: {
          functionalGeneralization: output.report.functional_generalization,
          parameterExpansion: output.report.parameter_expansion,
          parameterTypeGeneralization: output.report.parameter_type_generalization,
          distractors: output.report.distractors,
          nearDuplicates: output.report.near_duplicates,
        },
      };
    },
  };
}

/** Roles agree with the calls, and the added tools are as many as requested. */
function checkScaling(
  { tools, calls }: ComplexityScalingOutput,
  stepCount: number,
  knobs: ComplexityKnobs,
  needed: number,
): string[] {
  const problems = checkCalls(checkedTools(tools), calls, stepCount);
  const called = new Set(calls.map((call) => call.tool));
  for (const tool of tools) {
    if (tool.role !== "needed" && called.has(tool.name)) {
      problems.push(`"${tool.name}" is a ${tool.role} but a step calls it; its role is "needed"`);
    }
    if (tool.role === "needed" && !called.has(tool.name)) {
      problems.push(`"${tool.name}" has role "needed" but no step calls it`);
    }
  }
  const { distractors, near_duplicates } = complexityRequest(knobs, needed);
  const count = (role: string) => tools.filter((tool) => tool.role === role).length;
  if (count("distractor") !== distractors) {
    problems.push(`${distractors} distractor tool(s) were requested, ${count("distractor")} given`);
  }
  if (count("near_duplicate") !== near_duplicates) {
    problems.push(
      `${near_duplicates} near_duplicate tool(s) were requested, ${count("near_duplicate")} given`,
    );
  }
  return problems;
}
