import { capitalizeFirst } from "../phrasing.js";
import type { Rng } from "../rng.js";
import { FIELDS_BY_KIND, type FieldDef } from "../world/entity-fields.js";
import { incomingRefs } from "../world/entity-pools.js";
import type { Entity, World } from "../world/world.js";
import type { PlanBuilder, PlannedValue } from "./plan-builder.js";

/**
 * The end of a relation chain being built: the entity reached, the noun phrase that names it
 * without naming it ("the birthplace of the CEO of Zantro Corp"), and the step that found it.
 */
export interface ChainEnd {
  entity: Entity;
  np: string;
  depth: number;
  /** The step that produced `entity`; null at the chain's start (named in the question). */
  last: number | null;
  visited: Set<string>;
}

export function startChain(entity: Entity): ChainEnd {
  return { entity, np: entity.name, depth: 0, last: null, visited: new Set([entity.name]) };
}

/** One hop: a look-up step for the ref field `def`, and the noun phrase of where it leads. */
export function follow(plan: PlanBuilder, end: ChainEnd, def: FieldDef): ChainEnd {
  const step = plan.lookup(end.entity, def, end.last === null ? [] : [end.last]);
  const target = plan.scope.world.byName.get((step.value as string).toLowerCase())!;
  const np = plan.phrase(`np:${def.kind}.${def.field}`, def.np!, { x: end.np }, end.depth === 0);
  return {
    entity: target,
    np,
    depth: end.depth + 1,
    last: step.index,
    visited: new Set([...end.visited, target.name]),
  };
}

export function followPath(plan: PlanBuilder, start: Entity, path: readonly FieldDef[]): ChainEnd {
  let end = startChain(start);
  for (const def of path) end = follow(plan, end, def);
  return end;
}

/** The last look-up of a chain: `def` of the entity reached. */
export function finish(plan: PlanBuilder, end: ChainEnd, def: FieldDef): PlannedValue {
  return plan.lookup(end.entity, def, end.last === null ? [] : [end.last]);
}

/** The question whose answer is `def` of the chain's end, in one of its phrasings. */
export function fieldQuestion(plan: PlanBuilder, end: ChainEnd, def: FieldDef): string {
  return capitalizeFirst(
    plan.phrase(`q:${def.kind}.${def.field}`, def.questions, { x: end.np }, end.depth === 0),
  );
}

/** A random forward path of `length` ref hops from `start` that never revisits an entity. */
export function randomPath(
  world: World,
  rng: Rng,
  start: Entity,
  length: number,
): FieldDef[] | null {
  const path: FieldDef[] = [];
  const visited = new Set([start.name]);
  let current = start;
  for (let i = 0; i < length; i++) {
    const options = FIELDS_BY_KIND[current.kind].filter(
      (def) => def.type === "ref" && !visited.has(current.values[def.field] as string),
    );
    if (options.length === 0) return null;
    const def = rng.pick(options);
    current = world.byName.get((current.values[def.field] as string).toLowerCase())!;
    visited.add(current.name);
    path.push(def);
  }
  return path;
}

/** A random backward path: an entity and `length` ref hops that lead from it to `end`. */
export function randomPathTo(
  world: World,
  rng: Rng,
  end: Entity,
  length: number,
): { start: Entity; path: FieldDef[] } | null {
  const path: FieldDef[] = [];
  const visited = new Set([end.name]);
  let current = end;
  for (let i = 0; i < length; i++) {
    const incoming = (incomingRefs(world).get(current.name) ?? []).filter(
      (ref) => !visited.has(ref.entity.name),
    );
    if (incoming.length === 0) return null;
    const ref = rng.pick(incoming);
    current = ref.entity;
    visited.add(current.name);
    path.unshift(FIELDS_BY_KIND[current.kind].find((def) => def.field === ref.field)!);
  }
  return { start: current, path };
}

/** Fields of the chain's end whose value does not lead back into the chain. */
export function finalFields(end: ChainEnd, keep: (def: FieldDef) => boolean): FieldDef[] {
  return FIELDS_BY_KIND[end.entity.kind].filter(
    (def) =>
      keep(def) && !(def.type === "ref" && end.visited.has(end.entity.values[def.field] as string)),
  );
}
