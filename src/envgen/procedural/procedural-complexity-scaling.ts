import type { ComplexityScalingStage } from "../stages/envgen-backend.js";
import type {
  ComplexityKnobs,
  ComplexityReport,
  ScaledTask,
  StageContext,
  ToolDocument,
  ToolRole,
} from "../stages/stage-types.js";
import {
  availableOptions,
  baseComputeTool,
  generalComputeTool,
  nearComputeTool,
  objectFormComputeTool,
  withOptions,
} from "./compute/compute-tools.js";
import { fieldLookupTool, infoLookupTool } from "./lookup/lookup-tools.js";
import { capabilityFamily } from "./procedural-decomposition.js";
import { createRng, type Rng } from "./rng.js";
import {
  implementationOf,
  type ProceduralImplementation,
  plannedCall,
  toolDocument,
} from "./tool-implementation.js";
import { ENTITY_KINDS, type EntityKind, FIELDS_BY_KIND, fieldDef } from "./world/entity-fields.js";

const STREAM = 0x7363616c; // "scal"

/** Computations a distractor may offer (the ones gold plans use, so they look plausible). */
const DISTRACTOR_OPS = [
  "convert_currency",
  "convert_units",
  "convert_time",
  "days_between",
  "add_days",
  "weekday",
  "age_on",
  "difference",
  "sum",
  "average",
];

interface Tool {
  impl: ProceduralImplementation;
  role: ToolRole;
  capabilities: string[];
}

/**
 * Stage 4 of the procedural backend: FTRL's complexity scaling, each strategy a knob.
 * - Functional generalization: a look-up answers every field of its kind
 *   (`get_city_population` → `get_city_info(city, field)`); a computation becomes the broader
 *   tool that serves it (`days_between` → `date_difference(start, end, unit)`).
 * - Parameter expansion: optional parameters with defaults that keep the plain behaviour
 *   (`response_format`, `precision`, `inclusive`…); half the gold calls spell the defaults out.
 * - Parameter type generalization: arrays (`fields: [...]`, `cities: [...]`, `operands`),
 *   objects with units (`money: {amount, currency}`, `quantity: {value, unit}`), date formats.
 * - Toolset extension: distractors (tools the plan does not need, never ones that could answer
 *   its steps) and near-duplicates of needed tools with different semantics
 *   (`get_city_metro_population`, `convert_currency_with_fee`, `business_days_between`).
 * Distractors and near-duplicates are scaled by the same knobs, so they look like the rest.
 */
export function createProceduralComplexityScaling(): ComplexityScalingStage {
  return {
    async run(task, context): Promise<ScaledTask> {
      const rng = createRng(context.seed, context.index, context.attempt, STREAM);
      const knobs = context.complexity;
      const report: ComplexityReport = {
        functionalGeneralization: [],
        parameterExpansion: [],
        parameterTypeGeneralization: [],
        distractors: [],
        nearDuplicates: [],
      };
      let needed: Tool[] = task.tools.map((doc) => ({
        impl: implementationOf(doc),
        role: doc.role,
        capabilities: doc.capabilities,
      }));

      needed = dedupeByName(
        needed.map((tool) => {
          if (!rng.chance(knobs.functionalGeneralization)) return tool;
          const impl = generalize(tool.impl);
          if (impl !== tool.impl) report.functionalGeneralization.push(impl.name);
          return { ...tool, impl };
        }),
      );
      const extra = [
        ...nearDuplicates(needed, rng, knobs.nearDuplicates),
        ...distractors(needed, task.entities, rng, knobs.distractors, context),
      ];
      const tools = [...needed, ...extra].map((tool) => scaleParameters(tool, rng, knobs, report));
      for (const tool of extra)
        (tool.role === "distractor" ? report.distractors : report.nearDuplicates).push(
          tool.impl.name,
        );

      const docs: ToolDocument[] = rng
        .sample(tools, tools.length)
        .map((tool) => toolDocument(tool.impl, tool.role, tool.capabilities));
      const neededImpls = tools.filter((t) => t.role === "needed").map((t) => t.impl);
      const steps = task.steps.map((step) => ({
        ...step,
        call: plannedCall(neededImpls, step.operation),
      }));
      return { ...task, tools: docs, steps, complexity: report };
    },
  };
}

function generalize(impl: ProceduralImplementation): ProceduralImplementation {
  if (impl.template === "lookup") {
    const all = FIELDS_BY_KIND[impl.kind].map((def) => def.field);
    if (impl.fields.length === all.length) return impl;
    return {
      ...infoLookupTool(impl.kind, all),
      fieldMode: impl.fieldMode === "array" ? "array" : "enum",
    };
  }
  if (impl.selector !== null) return impl;
  return generalComputeTool(impl.ops[""]) ?? impl;
}

function dedupeByName(tools: Tool[]): Tool[] {
  const byName = new Map<string, Tool>();
  for (const tool of tools) {
    const seen = byName.get(tool.impl.name);
    if (seen === undefined) byName.set(tool.impl.name, tool);
    else seen.capabilities = [...seen.capabilities, ...tool.capabilities];
  }
  return [...byName.values()];
}

function scaleParameters(
  tool: Tool,
  rng: Rng,
  knobs: ComplexityKnobs,
  report: ComplexityReport,
): Tool {
  let { impl } = tool;
  if (rng.chance(knobs.parameterExpansion)) {
    const expanded = expand(impl, rng);
    if (expanded !== impl) report.parameterExpansion.push(impl.name);
    impl = expanded;
  }
  if (rng.chance(knobs.parameterTypeGeneralization)) {
    const general = generalizeTypes(impl, rng);
    if (general !== impl) report.parameterTypeGeneralization.push(impl.name);
    impl = general;
  }
  return { ...tool, impl };
}

function expand(impl: ProceduralImplementation, rng: Rng): ProceduralImplementation {
  if (impl.template === "lookup") {
    if (impl.responseFormat) return impl;
    return { ...impl, responseFormat: true, explicitDefaults: rng.chance(0.5) };
  }
  const options = availableOptions(impl, "expansion");
  if (options.length === 0) return impl;
  return withOptions(impl, rng.sample(options, rng.int(1, options.length)), rng.chance(0.5));
}

function generalizeTypes(impl: ProceduralImplementation, rng: Rng): ProceduralImplementation {
  if (impl.template === "lookup") {
    if (impl.fieldMode === "enum") return { ...impl, fieldMode: "array" };
    if (impl.keyMode === "string") return { ...impl, keyMode: "array" };
    return impl;
  }
  const objectForm = objectFormComputeTool(impl);
  if (objectForm !== undefined) return objectForm;
  const formats = availableOptions(impl, "format");
  return formats.length === 0 ? impl : withOptions(impl, formats, rng.chance(0.5));
}

function nearDuplicates(needed: readonly Tool[], rng: Rng, count: number): Tool[] {
  if (count <= 0) return [];
  const names = new Set(needed.map((t) => t.impl.name));
  const candidates = new Map<string, ProceduralImplementation>();
  for (const tool of needed)
    for (const capability of tool.capabilities) {
      const near =
        tool.impl.template === "lookup"
          ? fieldLookupTool(tool.impl.kind, fieldDef(capability).near.field)
          : nearComputeTool(capability);
      if (near !== undefined && !names.has(near.name)) candidates.set(near.name, near);
    }
  return rng
    .sample([...candidates.values()], count)
    .map((impl) => ({ impl, role: "near_duplicate", capabilities: [] }));
}

function distractors(
  needed: readonly Tool[],
  entities: readonly { kind: string }[],
  rng: Rng,
  count: number,
  context: StageContext,
): Tool[] {
  if (count <= 0) return [];
  const names = new Set(needed.map((t) => t.impl.name));
  // Never a tool that could answer one of the plan's steps.
  const answerable = new Set<string>();
  for (const { impl } of needed) {
    if (impl.template === "lookup")
      for (const f of impl.fields) answerable.add(`${impl.kind}.${f}`);
    else for (const op of Object.keys(impl.paths)) answerable.add(op);
  }
  const present = new Set(entities.map((e) => e.kind));
  const kinds = ENTITY_KINDS.filter((kind) => present.has(kind));
  const others = ENTITY_KINDS.filter((kind) => !present.has(kind));
  if (others.length > 0) kinds.push(rng.pick(others));
  const held = context.split?.split === "train" ? context.split.holdOutFamilies : [];
  const pool: string[] = [];
  for (const kind of kinds)
    for (const def of FIELDS_BY_KIND[kind]) {
      const capability = `${kind}.${def.field}`;
      if (!answerable.has(capability) && !held.includes(capabilityFamily(capability)))
        pool.push(capability);
    }
  for (const op of DISTRACTOR_OPS)
    if (!answerable.has(op) && !held.includes(capabilityFamily(op))) pool.push(op);
  const chosen: Tool[] = [];
  for (const capability of rng.sample(pool, pool.length)) {
    if (chosen.length === count) break;
    const [kind, field] = capability.split(".");
    const impl =
      field === undefined
        ? baseComputeTool(capability)
        : fieldLookupTool(kind as EntityKind, field);
    if (!names.has(impl.name)) chosen.push({ impl, role: "distractor", capabilities: [] });
  }
  return chosen;
}
