import type { DocumentGenerationStage } from "../stages/envgen-backend.js";
import type { DocumentedTask, ToolDocument } from "../stages/stage-types.js";
import { baseComputeTool } from "./compute/compute-tools.js";
import { fieldLookupTool } from "./lookup/lookup-tools.js";
import {
  callArguments,
  type ProceduralImplementation,
  toolDocument,
} from "./tool-implementation.js";
import { type EntityKind, isLookupCapability } from "./world/entity-fields.js";

/**
 * Stage 2 of the procedural backend: one plain tool per capability the plan needs — a one-field
 * look-up (`get_country_population(country)`) or a base computation (`convert_currency(amount,
 * from, to)`) — and each step's call.
 */
export function createProceduralDocumentGeneration(): DocumentGenerationStage {
  return {
    async run(task): Promise<DocumentedTask> {
      const byCapability = new Map<string, ProceduralImplementation>();
      for (const step of task.steps) {
        const { capability } = step.operation;
        if (byCapability.has(capability)) continue;
        if (isLookupCapability(capability)) {
          const [kind, field] = capability.split(".");
          byCapability.set(capability, fieldLookupTool(kind as EntityKind, field));
        } else {
          byCapability.set(capability, baseComputeTool(capability));
        }
      }
      const tools: ToolDocument[] = [...byCapability].map(([capability, impl]) =>
        toolDocument(impl, "needed", [capability]),
      );
      const steps = task.steps.map((step) => {
        const impl = byCapability.get(step.operation.capability)!;
        return {
          ...step,
          call: { tool: impl.name, arguments: callArguments(impl, step.operation) },
        };
      });
      return { ...task, steps, tools };
    },
  };
}
