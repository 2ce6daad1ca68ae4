import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentRecord, ToolCall } from "../core/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { loadSampleEnvs } from "../testing/sample-envs.js";
import { ToolEnvironment } from "./tool-environment.js";

let sandbox: Sandbox;
let records: EnvironmentRecord[];
beforeAll(async () => {
  sandbox = await createSandbox();
  records = await loadSampleEnvs();
});
afterAll(() => sandbox.dispose());

const call = (name: string, args: unknown, id = "c1"): ToolCall => ({
  id,
  type: "function",
  function: { name, arguments: typeof args === "string" ? args : JSON.stringify(args) },
});
const byId = (id: string) => records.find((r) => r.id === id)!;

describe("ToolEnvironment", () => {
  it("opens with the record's messages and answers a valid call, logging the subtask it solved", () => {
    const env = new ToolEnvironment({ sandbox });
    const messages = env.reset(byId("sample-07"));
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
    const [obs] = env.step([call("landmark_country", { landmark: "Eiffel Tower" })]);
    expect(obs).toEqual({ role: "tool", tool_call_id: "c1", content: "France" });
    expect(env.calls[0]).toMatchObject({ turn: 0, name: "landmark_country", solved: 0 });
    expect([...env.unsolved]).toEqual([1]);
    env.dispose();
  });

  it("turns every policy mistake into an error observation", () => {
    const env = new ToolEnvironment({ sandbox });
    env.reset(byId("sample-07"));
    const obs = env.step([
      call("no_such_tool", {}, "a"),
      call("country_capital", '{"country": "France",', "b"),
      call("country_capital", { country: 42 }, "c"),
      call("country_capital", { country: "France", extra: 1 }, "d"),
      call("country_capital", { country: "Atlantis" }, "e"),
      call("country_capital", "[1]", "f"),
    ]);
    expect(obs.map((o) => o.tool_call_id)).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(obs[0].content).toBe(
      'error: unknown tool "no_such_tool"; available tools: landmark_country, country_capital',
    );
    expect(obs[1].content).toMatch(/^error: arguments are not valid JSON/);
    expect(obs[2].content).toMatch(
      /^error: invalid arguments for country_capital: .*country must be string/,
    );
    expect(obs[3].content).toMatch(/must NOT have additional properties/);
    expect(obs[4].content).toMatch(
      /^error: country_capital failed \(thrown\): .*unknown country: Atlantis/,
    );
    expect(obs[5].content).toMatch(/must be object/);
    expect(env.calls.every((c) => c.error !== undefined && c.solved === null)).toBe(true);
    expect(env.unsolved.size).toBe(2);
    env.dispose();
  });

  it("credits a subtask once, and only to the tool that answers it", () => {
    const env = new ToolEnvironment({ sandbox });
    env.reset(byId("sample-04"));
    env.step([
      call("get_weather", { city: "Oslo" }, "a"),
      call("get_weather", { city: "Oslo" }, "b"),
    ]);
    expect(env.calls.map((c) => c.solved)).toEqual([0, null]);
    env.step([call("get_weather", { city: "Cairo" }, "c")]);
    expect(env.calls.map((c) => c.solved)).toEqual([0, null, 1]);
    expect(env.unsolved.size).toBe(0);
    env.dispose();
  });

  it("starts clean on every reset", () => {
    const env = new ToolEnvironment({ sandbox });
    env.reset(byId("sample-01"));
    env.step([call("get_weather", { city: "Lisbon" })]);
    env.reset(byId("sample-01"));
    expect(env.calls).toEqual([]);
    expect(env.unsolved.size).toBe(1);
    env.dispose();
  });

  it("refuses step() before reset()", () => {
    expect(() => new ToolEnvironment({ sandbox }).step([])).toThrow(/reset/);
  });
});

describe("ArgumentValidator", () => {
  it("keeps validating correctly after its cache is flushed", async () => {
    const { ArgumentValidator } = await import("./argument-validator.js");
    const validator = new ArgumentValidator({ maxCached: 2 });
    const schema = (type: string) => ({
      type: "object",
      properties: { x: { type } },
      required: ["x"],
    });
    for (let round = 0; round < 3; round++) {
      for (const type of ["string", "number", "boolean"]) {
        expect(validator.check(schema(type), { x: 1 }) === null).toBe(type === "number");
      }
    }
  });
});
