import { ENTITY_KINDS } from "../world/entity-fields.js";
import type { PlanBuilder } from "./plan-builder.js";
import { type PlanItem, postOp, supportsPostOp } from "./post-op.js";
import { fieldQuestion, finalFields, finish, followPath, randomPath } from "./value-chain.js";

/**
 * One chain of look-ups and computations: each step's input is the previous step's output.
 * `length` relation hops (0–3) from a named entity, a field of the entity reached, and
 * sometimes a computation on that field (always when there is no hop, so there are ≥ 2 steps).
 */
export function chainItem(
  plan: PlanBuilder,
  options: { length: number; postOp: number },
): PlanItem | null {
  const { rng, world } = { rng: plan.rng, world: plan.scope.world };
  const start = rng.pick(plan.scope.pools.byKind[rng.pick(ENTITY_KINDS)]);
  const path = randomPath(world, rng, start, options.length);
  if (path === null) return null;
  const needPost = options.length === 0;
  const end = followPath(plan, start, path);
  const defs = finalFields(end, (def) => !needPost || supportsPostOp(def));
  if (defs.length === 0) return null;
  const def = rng.pick(defs);
  const usePost = needPost || (supportsPostOp(def) && rng.chance(options.postOp));
  if (usePost) {
    const looked = finish(plan, end, def);
    return postOp(plan, end, def, looked);
  }
  const question = fieldQuestion(plan, end, def);
  const { index, answer } = finish(plan, end, def);
  return { question, index, answer };
}

export function decomposeMultiHop(plan: PlanBuilder): { question: string; answer: string } | null {
  const length = plan.rng.pick([0, 1, 1, 1, 2, 2, 3]);
  const item = chainItem(plan, { length, postOp: length <= 2 ? 0.35 : 0 });
  return item === null ? null : { question: item.question, answer: item.answer };
}
