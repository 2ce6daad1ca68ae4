import type { ToolSpec } from "../../core/index.js";
import type {
  JsonObject,
  Operation,
  PlannedCall,
  ToolDocument,
  ToolRole,
} from "../stages/stage-types.js";
import { type ComputeImplementation, computeArguments } from "./compute/compute-tools.js";
import {
  type LookupImplementation,
  lookupArguments,
  lookupParameters,
} from "./lookup/lookup-tools.js";
import { isLookupCapability } from "./world/entity-fields.js";

/** What the procedural backend keeps in `ToolDocument.implementation`. */
export type ProceduralImplementation = LookupImplementation | ComputeImplementation;

/** The procedural implementation of a document; throws for documents of another backend. */
export function implementationOf(doc: ToolDocument): ProceduralImplementation {
  const impl = doc.implementation;
  if (impl?.template === "lookup" || impl?.template === "compute")
    return impl as unknown as ProceduralImplementation;
  throw new TypeError(
    `tool ${doc.spec.function.name} has no procedural implementation; the procedural stages need one`,
  );
}

export function toolSpec(impl: ProceduralImplementation): ToolSpec {
  const parameters =
    impl.template === "lookup"
      ? lookupParameters(impl)
      : {
          type: "object",
          properties: impl.params,
          required: impl.required,
          additionalProperties: false,
        };
  return {
    type: "function",
    function: { name: impl.name, description: impl.description, parameters },
  };
}

export function toolDocument(
  impl: ProceduralImplementation,
  role: ToolRole,
  capabilities: readonly string[],
): ToolDocument {
  return {
    spec: toolSpec(impl),
    family: impl.family,
    role,
    capabilities: [...capabilities],
    implementation: impl,
  };
}

/** Whether the tool can answer a step's operation. */
export function serves(impl: ProceduralImplementation, operation: Operation): boolean {
  if (impl.template === "lookup") {
    const [kind, field] = operation.capability.split(".");
    return kind === impl.kind && impl.fields.includes(field);
  }
  return operation.capability in impl.paths;
}

/** The gold call's arguments for a step's operation. */
export function callArguments(impl: ProceduralImplementation, operation: Operation): JsonObject {
  if (impl.template === "lookup") {
    if (!isLookupCapability(operation.capability))
      throw new RangeError(`${impl.name} cannot answer ${operation.capability}`);
    const [kind, field] = operation.capability.split(".");
    return lookupArguments(impl, field, operation.inputs[kind] as string);
  }
  return computeArguments(impl, operation.capability, operation.inputs);
}

/** A step's gold call after its tools changed: the first of `impls` that serves its operation. */
export function plannedCall(
  impls: readonly ProceduralImplementation[],
  operation: Operation,
): PlannedCall {
  const impl = impls.find((candidate) => serves(candidate, operation));
  if (impl === undefined) throw new RangeError(`no tool serves ${operation.capability}`);
  return { tool: impl.name, arguments: callArguments(impl, operation) };
}
