import type { SplitOptions } from "../../stages/stage-types.js";
import { ENTITY_KINDS, type EntityKind, FIELDS } from "./entity-fields.js";
import type { Entity, World } from "./world.js";

/** The entities (and country currencies) a build of one split may use. */
export interface EntityPools {
  byKind: Record<EntityKind, readonly Entity[]>;
  /** Codes of the allowed countries' currencies. */
  currencies: readonly string[];
  clusters: ReadonlySet<number>;
}

/**
 * The clusters held out for test: the first `round(testFraction × clusters)` of the world's
 * seeded cluster order, at least one and never all.
 */
export function testClusters(world: World, testFraction: number): Set<number> {
  const n = Math.min(world.clusters - 1, Math.max(1, Math.round(testFraction * world.clusters)));
  return new Set(world.clusterOrder.slice(0, n));
}

export function entityPools(world: World, split: SplitOptions | undefined): EntityPools {
  const test = split === undefined ? undefined : testClusters(world, split.testFraction);
  const allowed = (cluster: number) =>
    test === undefined || test.has(cluster) === (split!.split === "test");
  const clusters = new Set(
    Array.from({ length: world.clusters }, (_, i) => i).filter((c) => allowed(c)),
  );
  const byKind = Object.fromEntries(
    ENTITY_KINDS.map((kind) => [kind, world.byKind[kind].filter((e) => clusters.has(e.cluster))]),
  ) as Record<EntityKind, Entity[]>;
  const currencies = [...world.currencies.values()]
    .filter((c) => c.cluster !== null && clusters.has(c.cluster))
    .map((c) => c.code);
  return { byKind, currencies, clusters };
}

/** Which split an entity (`kind:name`, currencies included) belongs to, for leakage audits. */
export function entitySplit(
  world: World,
  testFraction: number,
  ref: { kind: string; name: string },
): "train" | "test" | null {
  const test = testClusters(world, testFraction);
  const cluster =
    ref.kind === "currency"
      ? world.currencies.get(ref.name)?.cluster
      : world.byName.get(ref.name.toLowerCase())?.cluster;
  if (cluster === undefined || cluster === null) return null;
  return test.has(cluster) ? "test" : "train";
}

const incomingCache = new WeakMap<World, Map<string, { entity: Entity; field: string }[]>>();

/** Who points at an entity: `incoming(world).get(name)` → the entities and ref fields. */
export function incomingRefs(world: World): Map<string, { entity: Entity; field: string }[]> {
  let index = incomingCache.get(world);
  if (index === undefined) {
    index = new Map();
    for (const entity of world.entities)
      for (const def of FIELDS)
        if (def.kind === entity.kind && def.type === "ref") {
          const target = entity.values[def.field] as string;
          const list = index.get(target) ?? [];
          list.push({ entity, field: def.field });
          index.set(target, list);
        }
    incomingCache.set(world, index);
  }
  return index;
}
