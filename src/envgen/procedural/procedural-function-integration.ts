import type { FunctionIntegrationStage } from "../stages/envgen-backend.js";
import type { IntegratedTask, ToolDocument, ToolMerge } from "../stages/stage-types.js";
import { generalComputeTool } from "./compute/compute-tools.js";
import { infoLookupTool } from "./lookup/lookup-tools.js";
import {
  implementationOf,
  type ProceduralImplementation,
  plannedCall,
  toolDocument,
} from "./tool-implementation.js";

/**
 * Stage 3 of the procedural backend (FTRL's function integration): tools whose functionality
 * overlaps are merged and the plan's calls rewritten —
 * - look-ups of several fields of one entity kind → `get_<kind>_info(<kind>, field)`;
 * - computations one broader tool serves → that tool (`convert_currency` + `convert_units` →
 *   `convert(value, from, to, kind)`, `days_between` + `age_on` → `date_difference`).
 */
export function createProceduralFunctionIntegration(): FunctionIntegrationStage {
  return {
    async run(task): Promise<IntegratedTask> {
      const groups = new Map<string, ToolDocument[]>();
      for (const doc of task.tools) {
        const impl = implementationOf(doc);
        const key =
          impl.template === "lookup"
            ? `lookup:${impl.kind}`
            : `compute:${generalComputeTool(impl.ops[""])?.name ?? impl.name}`;
        groups.set(key, [...(groups.get(key) ?? []), doc]);
      }
      const tools: ToolDocument[] = [];
      const merges: ToolMerge[] = [];
      for (const docs of groups.values()) {
        if (docs.length === 1) {
          tools.push(docs[0]);
          continue;
        }
        const first = implementationOf(docs[0]);
        const merged: ProceduralImplementation =
          first.template === "lookup"
            ? infoLookupTool(
                first.kind,
                docs.flatMap((doc) => (implementationOf(doc) as typeof first).fields),
              )
            : generalComputeTool(first.ops[""])!;
        tools.push(
          toolDocument(
            merged,
            "needed",
            docs.flatMap((doc) => doc.capabilities),
          ),
        );
        merges.push({ into: merged.name, from: docs.map((doc) => doc.spec.function.name) });
      }
      const impls = tools.map(implementationOf);
      const steps = task.steps.map((step) => ({
        ...step,
        call: plannedCall(impls, step.operation),
      }));
      return { ...task, tools, steps, merges };
    },
  };
}
