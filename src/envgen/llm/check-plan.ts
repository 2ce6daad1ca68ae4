import type { Scenario } from "../../core/index.js";

/**
 * Problems with a stage 1 plan's shape for its scenario, worded for the model (they are fed
 * back in the re-ask). The same rules as the decomposition stage's contract: single_hop one
 * step; parallel_single_hop several independent steps; multi_hop a chain, each step needing the
 * one before; parallel_multi_hop some dependency and a wave of two or more independent steps.
 */
export function checkPlanShape(
  scenario: Scenario,
  steps: readonly { after: readonly number[] }[],
): string[] {
  const problems: string[] = [];
  steps.forEach((step, i) => {
    for (const dep of step.after) {
      if (dep >= i)
        problems.push(`step ${i} lists step ${dep} in "after", which does not come before it`);
    }
  });
  if (problems.length > 0) return problems;
  const n = steps.length;
  const hasDeps = steps.some((step) => step.after.length > 0);
  const widest = Math.max(...waves(steps).map((wave) => wave.length));
  if (scenario === "single_hop" && n !== 1) {
    problems.push(`a single_hop task has exactly 1 step, not ${n}`);
  } else if (scenario === "parallel_single_hop" && (n < 2 || hasDeps)) {
    problems.push(
      "a parallel_single_hop task has 2 or more steps and no step may depend on another",
    );
  } else if (scenario === "multi_hop") {
    const chain = n >= 2 && steps.every((step, i) => i === 0 || step.after.includes(i - 1));
    if (!chain)
      problems.push(
        'a multi_hop task is a chain of 2 or more steps: every step after the first lists the step before it in "after"',
      );
  } else if (scenario === "parallel_multi_hop" && (!hasDeps || widest < 2)) {
    problems.push(
      "a parallel_multi_hop task needs at least one step that depends on an earlier step and at least two steps that are independent of each other",
    );
  }
  return problems;
}

/** Steps grouped by depth: a step's wave is one more than the deepest step it needs. */
function waves(steps: readonly { after: readonly number[] }[]): number[][] {
  const depth: number[] = [];
  const out: number[][] = [];
  steps.forEach((step, i) => {
    const d = step.after.reduce((max, dep) => Math.max(max, (depth[dep] ?? 0) + 1), 0);
    depth[i] = d;
    (out[d] ??= []).push(i);
  });
  return out;
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
