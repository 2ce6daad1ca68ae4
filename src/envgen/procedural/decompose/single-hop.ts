import { ENTITY_KINDS, FIELDS_BY_KIND, type FieldDef } from "../world/entity-fields.js";
import type { Entity } from "../world/world.js";
import { entityFreeItem } from "./entity-free.js";
import type { PlanBuilder } from "./plan-builder.js";
import type { PlanItem } from "./post-op.js";
import { fieldQuestion, finish, startChain } from "./value-chain.js";

/** A random entity of the split and one of its fields, not one of `avoid` (`name.field`). */
export function pickLookup(
  plan: PlanBuilder,
  avoid: ReadonlySet<string> = new Set(),
): { entity: Entity; def: FieldDef } {
  for (;;) {
    const entity = plan.rng.pick(plan.scope.pools.byKind[plan.rng.pick(ENTITY_KINDS)]);
    const def = plan.rng.pick(FIELDS_BY_KIND[entity.kind]);
    if (!avoid.has(`${entity.name}.${def.field}`)) return { entity, def };
  }
}

/** One look-up asked about a named entity. */
export function lookupItem(plan: PlanBuilder, entity: Entity, def: FieldDef): PlanItem {
  const start = startChain(entity);
  const question = fieldQuestion(plan, start, def);
  const { index, answer } = finish(plan, start, def);
  return { question, index, answer };
}

/** Single-hop: one call answers the question — a look-up (3 in 4) or a computation. */
export function singleHopItem(plan: PlanBuilder, avoid?: ReadonlySet<string>): PlanItem {
  if (!plan.rng.chance(0.75)) return entityFreeItem(plan);
  const { entity, def } = pickLookup(plan, avoid);
  return lookupItem(plan, entity, def);
}

export function decomposeSingleHop(plan: PlanBuilder): { question: string; answer: string } {
  const item = singleHopItem(plan);
  return { question: item.question, answer: item.answer };
}
