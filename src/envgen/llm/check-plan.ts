import type { Scenario } from "../../core/index.js";
import { planShapeFits } from "../plan-shape.js";

/** What each scenario's plan looks like, said to the model when its plan does not fit. */
const SHAPES: Record<Scenario, string> = {
  single_hop: "a single_hop task has exactly 1 step",
  parallel_single_hop:
    'a parallel_single_hop task has 2 or more steps and no step depends on another (every "after" is [])',
  multi_hop:
    'a multi_hop task is a chain of 2 or more steps: the first has "after": [], every later step has exactly the step before it ("after": [i - 1])',
  parallel_multi_hop:
    "a parallel_multi_hop task needs at least one step that depends on an earlier step and at least two steps that are independent of each other",
};

/**
 * Problems with a stage 1 plan's shape for its scenario, worded for the model (they are fed
 * back in the re-ask). The rule itself is verification's (`planShapeFits`), so a plan that
 * passes here passes there.
 */
export function checkPlanShape(
  scenario: Scenario,
  steps: readonly { after: number[] }[],
): string[] {
  const problems: string[] = [];
  steps.forEach((step, i) => {
    for (const dep of step.after) {
      if (dep >= i) {
        problems.push(`step ${i} lists step ${dep} in "after", which does not come before it`);
      }
    }
  });
  if (problems.length > 0) return problems;
  if (!planShapeFits(scenario, steps)) {
    const shape = steps.map((step) => JSON.stringify(step.after)).join(", ");
    problems.push(`${SHAPES[scenario]}; this plan's "after" lists are ${shape}`);
  }
  return problems;
}

/** A tool as the checks need it: its name and JSON Schema parameters. */
export interface CheckedTool {
  name: string;
  parameters: { properties?: Record<string, unknown>; required?: unknown };
}

/**
 * Problems with a stage's tools and calls: duplicate tool names, not exactly one call per step
 * in order, a call to a tool that is not listed, a required argument left out or an argument
 * the schema does not name. (Types and enums are checked by verification, with ajv.)
 */
export function checkCalls(
  tools: readonly CheckedTool[],
  calls: readonly { step: number; tool: string; arguments: Record<string, unknown> }[],
  stepCount: number,
): string[] {
  const problems: string[] = [];
  const byName = new Map<string, CheckedTool>();
  for (const tool of tools) {
    if (byName.has(tool.name)) problems.push(`two tools are named "${tool.name}"`);
    byName.set(tool.name, tool);
  }
  const steps = calls.map((call) => call.step);
  const expected = Array.from({ length: stepCount }, (_, i) => i);
  if (steps.join() !== expected.join()) {
    problems.push(
      `"calls" must have one entry per step in order, steps [${expected.join(", ")}]; got [${steps.join(", ")}]`,
    );
  }
  for (const call of calls) {
    const tool = byName.get(call.tool);
    if (tool === undefined) {
      problems.push(
        `the call for step ${call.step} uses "${call.tool}", which is not among the tools`,
      );
      continue;
    }
    const properties = tool.parameters.properties ?? {};
    const required = Array.isArray(tool.parameters.required) ? tool.parameters.required : [];
    for (const name of required) {
      if (typeof name === "string" && !(name in call.arguments)) {
        problems.push(
          `the call for step ${call.step} leaves out "${name}", which ${tool.name} requires`,
        );
      }
    }
    for (const name of Object.keys(call.arguments)) {
      if (!(name in properties)) {
        problems.push(
          `the call for step ${call.step} passes "${name}", which ${tool.name} does not define`,
        );
      }
    }
  }
  return problems;
}
