import { describe, expect, it } from "vitest";
import { FIELDS } from "./entity-fields.js";
import { entityPools, testClusters } from "./entity-pools.js";
import { generateWorld } from "./generate-world.js";

describe("generateWorld", () => {
  const world = generateWorld({ seed: 5, countries: 12 });

  it("is the same for the same seed and differs for another", () => {
    expect(JSON.stringify(generateWorld({ seed: 5, countries: 12 }).entities)).toBe(
      JSON.stringify(world.entities),
    );
    expect(generateWorld({ seed: 6, countries: 12 }).entities[0].name).not.toBe(
      world.entities[0].name,
    );
  });

  it("names every entity uniquely and keeps every relation inside its cluster", () => {
    expect(world.byName.size).toBe(world.entities.length);
    expect(world.entities).toHaveLength(12 * 29);
    for (const entity of world.entities)
      for (const def of FIELDS)
        if (def.kind === entity.kind && def.type === "ref") {
          for (const field of [def.field, def.near.field]) {
            const target = world.byName.get(String(entity.values[field]).toLowerCase());
            expect(target?.cluster).toBe(entity.cluster);
          }
          expect(entity.values[def.near.field]).not.toBe(entity.values[def.field]);
        }
  });

  it("splits clusters: test pools hold the test clusters' entities and currencies only", () => {
    const test = testClusters(world, 0.25);
    expect(test.size).toBe(3);
    const split = { testFraction: 0.25, holdOutFamilies: [], holdOutPhrasings: false };
    const pools = entityPools(world, { split: "test", ...split });
    const train = entityPools(world, { split: "train", ...split });
    expect(pools.byKind.city.every((e) => test.has(e.cluster))).toBe(true);
    expect(train.byKind.city.some((e) => test.has(e.cluster))).toBe(false);
    expect(pools.currencies).toHaveLength(3);
    expect(pools.byKind.person.length + train.byKind.person.length).toBe(12 * 10);
  });
});
