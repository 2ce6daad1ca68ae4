import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentRecord } from "../core/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { buildEnvironments } from "./build-environments.js";
import { normalizeQuestion } from "./normalize-question.js";
import { capabilityFamily } from "./procedural/procedural-decomposition.js";
import { entitySplit } from "./procedural/world/entity-pools.js";
import { generateWorld } from "./procedural/world/generate-world.js";
import type { SplitOptions } from "./stages/stage-types.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());

const SEED = 21;
const split = (name: "train" | "test", extra: Partial<SplitOptions> = {}): SplitOptions => ({
  split: name,
  testFraction: 0.25,
  holdOutFamilies: [],
  holdOutPhrasings: false,
  ...extra,
});
/** Both sides of a split, built from the same seed and options. */
const buildBoth = async (count: number, extra: Partial<SplitOptions> = {}) => {
  const build = (name: "train" | "test") =>
    buildEnvironments({ count, seed: SEED, split: split(name, extra), sandbox });
  return { train: await build("train"), test: await build("test") };
};
const entities = (records: readonly EnvironmentRecord[]) =>
  new Set(records.flatMap((r) => r.meta.entities as string[]));
const questions = (records: readonly EnvironmentRecord[]) =>
  new Set(records.map((r) => normalizeQuestion(r.messages[1].content ?? "")));

describe("splits", () => {
  it("hold out entities: train and test share none, and each entity is its split's", async () => {
    const world = generateWorld({ seed: SEED });
    const { train, test } = await buildBoth(80);
    const [a, b] = [entities(train.records), entities(test.records)];
    expect(a.size).toBeGreaterThan(50);
    expect(b.size).toBeGreaterThan(50);
    expect([...a].filter((e) => b.has(e))).toEqual([]);
    for (const [name, records] of [
      ["train", train.records],
      ["test", test.records],
    ] as const)
      for (const ref of entities(records)) {
        const [kind, entity] = ref.split(/:(.*)/s);
        expect(entitySplit(world, 0.25, { kind, name: entity })).toBe(name);
      }
    // Questions that name no entity fall in one split by their text, so none is in both.
    expect([...questions(train.records)].filter((q) => questions(test.records).has(q))).toEqual([]);
    expect(train.records.every((r) => r.meta.split === "train" && r.id.startsWith("train-"))).toBe(
      true,
    );
  });

  it("hold out tool families: train never sees them, every test plan uses one", async () => {
    const held = { holdOutFamilies: ["date" as const] };
    const { train, test } = await buildBoth(40, held);
    for (const record of train.records)
      expect(Object.values(record.meta.tool_families as Record<string, string>)).not.toContain(
        "date",
      );
    for (const record of test.records) {
      const families = record.subtasks.map(
        (s) => (record.meta.tool_families as Record<string, string>)[s.tool],
      );
      expect(families).toContain("date");
    }
    expect(capabilityFamily("days_between")).toBe("date");
  });

  it("hold out phrasings: only two-phrasing lists are shared between train and test", async () => {
    const held = { holdOutPhrasings: true };
    const { train, test } = await buildBoth(60, held);
    const ids = (records: readonly EnvironmentRecord[]) =>
      new Set(records.flatMap((r) => r.meta.phrasings as string[]));
    const shared = [...ids(train.records)].filter((id) => ids(test.records).has(id));
    expect(shared.every((id) => id.startsWith("moment:"))).toBe(true);
    expect(ids(test.records).size).toBeGreaterThan(10);
  });
});
