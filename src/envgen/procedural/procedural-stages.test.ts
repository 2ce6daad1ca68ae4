import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../sandbox/index.js";
import { COMPLEXITY_PRESETS } from "../complexity-presets.js";
import { runStages } from "../stages/envgen-backend.js";
import type { DecomposedTask, StageContext } from "../stages/stage-types.js";
import { evaluateOp } from "./compute/evaluate-op.js";
import { createProceduralBackend } from "./create-procedural-backend.js";
import { implementationOf } from "./tool-implementation.js";

const backend = createProceduralBackend({ seed: 8, countries: 8 });
const country = backend.world.byKind.country[0];
const context = (complexity = COMPLEXITY_PRESETS.none, index = 0): StageContext => ({
  seed: 8,
  index,
  attempt: 0,
  complexity,
});

/** "What is the capital of X, and its population? And 100 km in miles, 3 kg in lb?" */
function task(): DecomposedTask {
  const v = country.values;
  const units = { value: 100, from: "km", to: "mi" };
  const mass = { value: 3, from: "kg", to: "lb" };
  return {
    id: "t",
    scenario: "parallel_single_hop",
    question: `What is the capital of ${country.name} and its population? Also 100 km in miles, 3 kg in pounds?`,
    answer: "",
    steps: [
      {
        question: "capital?",
        answer: String(v.capital),
        after: [],
        operation: { capability: "country.capital", inputs: { country: country.name } },
      },
      {
        question: "population?",
        answer: String(v.population),
        after: [],
        operation: { capability: "country.population", inputs: { country: country.name } },
      },
      {
        question: "miles?",
        answer: evaluateOp("convert_units", units, backend.world.currencies),
        after: [],
        operation: { capability: "convert_units", inputs: units },
      },
      {
        question: "pounds?",
        answer: evaluateOp("convert_units", mass, backend.world.currencies),
        after: [],
        operation: { capability: "convert_units", inputs: mass },
      },
    ],
    entities: [{ kind: "country", name: country.name }],
    phrasings: [],
    source: "procedural",
    seed: 8,
  };
}

describe("procedural stages", () => {
  it("document generation gives one plain tool per capability and each step's call", async () => {
    const documented = await backend.documentGeneration.run(task(), context());
    expect(documented.tools.map((t) => t.spec.function.name)).toEqual([
      "get_country_capital",
      "get_country_population",
      "convert_units",
    ]);
    expect(documented.tools.map((t) => t.family)).toEqual(["relation", "lookup", "conversion"]);
    expect(documented.steps[1].call).toEqual({
      tool: "get_country_population",
      arguments: { country: country.name },
    });
  });

  it("function integration merges overlapping look-ups into get_<kind>_info and rewrites the plan", async () => {
    const documented = await backend.documentGeneration.run(task(), context());
    const integrated = await backend.functionIntegration.run(documented, context());
    expect(integrated.merges).toEqual([
      { into: "get_country_info", from: ["get_country_capital", "get_country_population"] },
    ]);
    const info = integrated.tools.find((t) => t.spec.function.name === "get_country_info")!;
    expect(info.spec.function.parameters).toMatchObject({
      properties: { field: { enum: ["capital", "population"] } },
      required: ["country", "field"],
    });
    expect(integrated.steps.map((s) => s.call)).toEqual([
      { tool: "get_country_info", arguments: { country: country.name, field: "capital" } },
      { tool: "get_country_info", arguments: { country: country.name, field: "population" } },
      { tool: "convert_units", arguments: { value: 100, from: "km", to: "mi" } },
      { tool: "convert_units", arguments: { value: 3, from: "kg", to: "lb" } },
    ]);
  });

  it("complexity scaling: none leaves the tools alone, high applies every strategy", async () => {
    const integrated = await backend.functionIntegration.run(
      await backend.documentGeneration.run(task(), context()),
      context(),
    );
    const plain = await backend.complexityScaling.run(integrated, context());
    expect(plain.tools.map((t) => t.spec.function.name).sort()).toEqual([
      "convert_units",
      "get_country_info",
    ]);
    expect(Object.values(plain.complexity).flat()).toEqual([]);

    const high = await backend.complexityScaling.run(integrated, context(COMPLEXITY_PRESETS.high));
    expect(high.complexity.distractors).toHaveLength(4);
    expect(high.complexity.nearDuplicates).toHaveLength(2);
    expect(high.complexity.functionalGeneralization).toEqual(
      expect.arrayContaining(["get_country_info", "convert"]),
    );
    expect(high.complexity.parameterExpansion.length).toBeGreaterThan(0);
    expect(high.complexity.parameterTypeGeneralization.length).toBeGreaterThan(0);
    const roles = high.tools.map((t) => t.role);
    expect(roles.filter((r) => r === "needed")).toHaveLength(2);
    // No extra tool can answer a step of the plan.
    for (const doc of high.tools.filter((t) => t.role !== "needed")) {
      const impl = implementationOf(doc);
      for (const step of high.steps)
        expect(
          impl.template === "lookup"
            ? impl.fields.includes(step.operation.capability.split(".")[1]) &&
                step.operation.capability.startsWith(`${impl.kind}.`)
            : step.operation.capability in impl.paths,
        ).toBe(false);
    }
    // The generalized info tool now answers every field of a country.
    const info = high.tools.find((t) => t.spec.function.name === "get_country_info")!;
    expect(implementationOf(info)).toMatchObject({
      template: "lookup",
      fields: expect.arrayContaining(["area_km2", "language"]),
    });
  });

  it("runStages hands every stage's output to onStage, in order", async () => {
    const seen: string[] = [];
    const deployed = await runStages({
      backend,
      request: { id: "x", scenario: "multi_hop" },
      context: context(COMPLEXITY_PRESETS.medium, 3),
      onStage: (stage) => seen.push(stage),
    });
    expect(seen).toEqual([
      "decomposition",
      "documentGeneration",
      "functionIntegration",
      "complexityScaling",
      "localizedDeployment",
    ]);
    expect(Object.keys(deployed.code).sort()).toEqual(
      deployed.tools.map((t) => t.spec.function.name).sort(),
    );
  });
});

describe("deployed tools in the sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox();
  });
  afterAll(() => sandbox.dispose());

  it("match names case-insensitively, answer in text when asked, and reject unknown names", async () => {
    const documented = await backend.documentGeneration.run(task(), context());
    const scaled = await backend.complexityScaling.run(
      await backend.functionIntegration.run(documented, context()),
      context({ ...COMPLEXITY_PRESETS.none, parameterExpansion: 1 }),
    );
    const deployed = await backend.localizedDeployment.run(scaled, context());
    const runtime = sandbox.load(deployed.code);
    const lower = runtime.call("get_country_info", {
      country: `  ${country.name.toLowerCase()} `,
      field: "population",
      response_format: "text",
    });
    expect(lower).toMatchObject({
      ok: true,
      value: `country: ${country.name}; population: ${country.values.population}`,
    });
    const unknown = runtime.call("get_country_info", { country: "Atlantis", field: "capital" });
    expect(unknown).toMatchObject({
      ok: false,
      error: { kind: "thrown", message: expect.stringMatching(/no country named "Atlantis"/) },
    });
    const miles = runtime.call("convert_units", { value: 100, from: "km", to: "mi", precision: 4 });
    expect(miles).toMatchObject({ ok: true, value: { value: 62.1371, unit: "mi" } });
    runtime.dispose();
  });
});
