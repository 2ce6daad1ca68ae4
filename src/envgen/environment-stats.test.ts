import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { buildEnvironments } from "./build-environments.js";
import { COMPLEXITY_PRESETS } from "./complexity-presets.js";
import { computeEnvironmentStats } from "./environment-stats.js";
import { formatEnvironmentStats } from "./format-environment-stats.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());

describe("environment statistics", () => {
  it("count scenarios, hops, tools, distractors, families and parameter types", async () => {
    const { records, attempts, rejections } = await buildEnvironments({
      count: 40,
      seed: 9,
      complexity: COMPLEXITY_PRESETS.high,
      sandbox,
    });
    const stats = computeEnvironmentStats(records);
    expect(stats.environments).toBe(40);
    expect(stats.scenarios).toEqual({
      single_hop: 10,
      parallel_single_hop: 10,
      multi_hop: 10,
      parallel_multi_hop: 10,
    });
    expect(stats.hops.histogram["1"]).toBe(20);
    expect(stats.distractorsPerEnv).toEqual({ histogram: { 4: 40 }, mean: 4 });
    expect(stats.nearDuplicatesPerEnv.mean).toBeGreaterThan(1);
    const tools = records.reduce((s, r) => s + r.tools.length, 0);
    expect(Object.values(stats.families).reduce((s, n) => s + n, 0)).toBe(tools);
    expect(stats.parameterTypes).toMatchObject({
      string: expect.any(Number),
      enum: expect.any(Number),
      array: expect.any(Number),
    });
    expect(stats.complexity.distractors).toBe(40);
    expect(stats.optionalParameters).toBeGreaterThan(0);

    const text = formatEnvironmentStats(stats, { attempts, rejections });
    expect(text).toMatch(/^environments\s+40$/m);
    expect(text).toMatch(/^scenarios\s+.*single_hop 10 \(25\.0%\)/m);
    expect(text).toMatch(/^distractors per env\s+mean 4\.00 {2}\[4:40\]$/m);
    expect(text).toMatch(new RegExp(`^candidates\\s+${attempts} \\(`, "m"));
  });
});
