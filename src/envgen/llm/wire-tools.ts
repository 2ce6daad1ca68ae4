import type { DocumentedStep, JsonObject, ToolDocument, ToolRole } from "../stages/stage-types.js";
import type { WireCall, WireTool } from "./prompts/stage-prompt.js";

/** A tool document from a model's answer. */
export function toolDocumentOf(tool: WireTool, role: ToolRole = "needed"): ToolDocument {
  return {
    spec: {
      type: "function",
      function: {
        name: tool.name,
        description: tool.description,
        // Parsed from JSON, so JSON all the way down; zod typed it loosely as unknown.
        parameters: tool.parameters as JsonObject,
      },
    },
    family: tool.family,
    role,
    capabilities: tool.capabilities,
  };
}

/** The steps with their calls replaced by the model's (already checked: one per step, in order). */
export function withCalls<S extends Omit<DocumentedStep, "call">>(
  steps: readonly S[],
  calls: readonly WireCall[],
): (S & DocumentedStep)[] {
  return steps.map((step, i) => ({
    ...step,
    call: { tool: calls[i]!.tool, arguments: calls[i]!.arguments as JsonObject },
  }));
}

/** The checks' view of a model's tools. */
export function checkedTools(tools: readonly WireTool[]) {
  return tools.map((tool) => ({ name: tool.name, parameters: tool.parameters }));
}
