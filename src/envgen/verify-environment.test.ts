import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentRecord } from "../core/index.js";
import { createSandbox, type Sandbox } from "../sandbox/index.js";
import { verifyEnvironment } from "./verify-environment.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());

const lookup = (name: string, key: string, table: Record<string, unknown>) =>
  `function ${name}(args) {
  const T = ${JSON.stringify(table)};
  const k = String(args.${key}).toLowerCase();
  if (!(k in T)) throw new Error("unknown ${key} " + args.${key});
  return T[k];
}`;

const spec = (name: string, key: string) => ({
  type: "function" as const,
  function: {
    name,
    description: `${name} of a ${key}`,
    parameters: {
      type: "object",
      properties: { [key]: { type: "string" } },
      required: [key],
      additionalProperties: false,
    },
  },
});

/** "What is the population of the capital of Varnesia?": a two-step chain. */
function chain(): EnvironmentRecord {
  return {
    id: "chain",
    scenario: "multi_hop",
    messages: [
      { role: "system", content: "Use the tools." },
      { role: "user", content: "What is the population of the capital of Varnesia?" },
    ],
    tools: [spec("get_capital", "country"), spec("get_population", "city")],
    code: {
      get_capital: lookup("get_capital", "country", {
        varnesia: { country: "Varnesia", capital: "Tolbar" },
        oskia: { country: "Oskia", capital: "Mirel" },
      }),
      get_population: lookup("get_population", "city", {
        tolbar: { city: "Tolbar", population: 4512300 },
        mirel: { city: "Mirel", population: 98000 },
      }),
    },
    subtasks: [
      {
        question: "What is the capital of Varnesia?",
        tool: "get_capital",
        arguments: { country: "Varnesia" },
        answer: "Tolbar",
        after: [],
      },
      {
        question: "What is the population of Tolbar?",
        tool: "get_population",
        arguments: { city: "Tolbar" },
        answer: "4512300",
        after: [0],
      },
    ],
    answer: "4512300",
    meta: {},
  };
}

/** Two independent look-ups of the same tool. */
function pair(): EnvironmentRecord {
  const record = chain();
  return {
    ...record,
    id: "pair",
    scenario: "parallel_single_hop",
    messages: [
      record.messages[0],
      { role: "user", content: "How many people live in Tolbar and in Mirel?" },
    ],
    subtasks: [
      { ...record.subtasks[1], after: [] },
      {
        ...record.subtasks[1],
        question: "Mirel?",
        arguments: { city: "Mirel" },
        answer: "98000",
        after: [],
      },
    ],
    answer: "4512300, 98000",
  };
}

const verify = (record: unknown) => verifyEnvironment(record, { sandbox });

describe("verifyEnvironment", () => {
  it("accepts a well-formed chain and a well-formed parallel pair", () => {
    expect(verify(chain())).toEqual({ ok: true });
    expect(verify(pair())).toEqual({ ok: true });
  });

  it("rejects a wrong sub-answer: the gold call's output does not contain it", () => {
    const record = chain();
    record.subtasks[1].answer = "4512301";
    record.answer = "4512301";
    expect(verify(record)).toMatchObject({ ok: false, reason: "wrong_subanswer" });
  });

  it("rejects an answer that is already in the prompt", () => {
    const record = chain();
    record.messages[1].content =
      "Tolbar has 4512300 people. What is the population of the capital of Varnesia?";
    expect(verify(record)).toMatchObject({ ok: false, reason: "answer_in_prompt" });
  });

  it("rejects a sub-answer the prompt already gives", () => {
    const record = chain();
    record.messages[1].content = "What is the population of Tolbar, the capital of Varnesia?";
    expect(verify(record)).toMatchObject({ ok: false, reason: "subanswer_in_prompt" });
  });

  it("rejects a chain whose last tool also answers with the prompt's entity (a short-cut)", () => {
    const record = chain();
    record.code.get_population = lookup("get_population", "city", {
      tolbar: { city: "Tolbar", population: 4512300 },
      // The country in the prompt is accepted too, and gives its capital's population.
      varnesia: { city: "Varnesia", population: 4512300 },
    });
    expect(verify(record)).toMatchObject({
      ok: false,
      reason: "shortcut",
      detail: expect.stringContaining('"Varnesia" from the prompt'),
    });
  });

  it("rejects a dependency that no argument uses", () => {
    const record = chain();
    record.subtasks[1].arguments = { city: "Mirel" };
    record.subtasks[1].answer = "98000";
    record.answer = "98000";
    expect(verify(record)).toMatchObject({ ok: false, reason: "dependency_unused" });
  });

  it("rejects a plan whose shape is not its scenario's", () => {
    expect(verify({ ...chain(), scenario: "parallel_single_hop" })).toMatchObject({
      reason: "scenario_mismatch",
    });
    expect(verify({ ...pair(), scenario: "multi_hop" })).toMatchObject({
      reason: "scenario_mismatch",
    });
  });

  it("rejects a final answer not made of the last steps' answers", () => {
    expect(verify({ ...chain(), answer: "Tolbar" })).toMatchObject({
      reason: "answer_not_derived",
    });
    expect(verify({ ...pair(), answer: "4512300" })).toMatchObject({
      reason: "answer_not_derived",
    });
  });

  it("rejects code that does not load, arguments off the schema, and calls that throw", () => {
    const broken = chain();
    broken.code.get_capital = "function get_capital(args) { return ; ]";
    expect(verify(broken)).toMatchObject({ reason: "load_failed" });
    const offSchema = chain();
    offSchema.subtasks[0].arguments = { country: "Varnesia", extra: 1 };
    expect(verify(offSchema)).toMatchObject({ reason: "invalid_arguments" });
    const throwing = chain();
    throwing.code.get_capital = 'function get_capital(args) { throw new Error("down"); }';
    expect(verify(throwing)).toMatchObject({ reason: "call_failed" });
  });

  it("rejects an output that also solves another step of the same tool", () => {
    const record = pair();
    record.code.get_population = lookup("get_population", "city", {
      tolbar: { city: "Tolbar", population: 4512300, note: "twice Mirel's 98000" },
      mirel: { city: "Mirel", population: 98000 },
    });
    expect(verify(record)).toMatchObject({ reason: "ambiguous_subanswer" });
  });

  it("rejects sub-answers too short for FTRL's substring rule, and malformed records", () => {
    const record = pair();
    record.code.get_population = lookup("get_population", "city", {
      tolbar: { city: "Tolbar", population: 7 },
      mirel: { city: "Mirel", population: 98000 },
    });
    record.subtasks[0].answer = "7";
    record.answer = "7, 98000";
    expect(verify(record)).toMatchObject({ reason: "weak_subanswer" });
    expect(verify({ ...chain(), code: {} })).toMatchObject({ reason: "invalid_record" });
  });
});
