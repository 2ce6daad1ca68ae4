import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentRecord } from "../../core/index.js";
import { ArgumentValidator } from "../../env/index.js";
import { createSandbox, type Sandbox, type ToolResult } from "../../sandbox/index.js";
import { buildEnvironments } from "../build-environments.js";
import { COMPLEXITY_PRESETS } from "../complexity-presets.js";
import { createProceduralBackend } from "./create-procedural-backend.js";
import { createProceduralLocalizedDeployment } from "./procedural-localized-deployment.js";
import { legacyComputeCode, legacyLookupCode } from "./test-helpers/legacy-tool-code.js";

// The deployed code was made smaller for load time (lookup-tools.ts, compute-code.ts). Models
// learn from what tools return and throw, so the smaller code must behave exactly as the old:
// the same environments are built with both writers and every tool of every environment is
// called with the gold arguments and with many wrong ones, comparing outputs byte for byte
// (JSON text, so key order too) and error messages.

const SEED = 11;
const validator = new ArgumentValidator();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.dispose());

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = {
  type?: string;
  enum?: Json[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
};

/** The same build twice: with the deployed code writers and with the old ones. */
async function buildBoth(count: number, complexity: (typeof COMPLEXITY_PRESETS)["medium"]) {
  const backend = createProceduralBackend({ seed: SEED });
  const legacy = {
    ...backend,
    localizedDeployment: createProceduralLocalizedDeployment({
      world: backend.world,
      code: { lookup: legacyLookupCode, compute: legacyComputeCode },
    }),
  };
  const build = (b: typeof backend) =>
    buildEnvironments({ backend: b, count, seed: SEED, complexity, sandbox });
  return { now: await build(backend), old: await build(legacy) };
}

/** Strings and numbers worth trying: the record's own argument values, spelled right and wrong. */
function valuePools(record: EnvironmentRecord): { strings: string[]; numbers: number[] } {
  const strings = new Set<string>([
    "",
    "Nowhere",
    "__proto__",
    "constructor",
    "2021-02-30",
    "31/12/2020",
    "12/31/2020",
    "2020-1-5",
    "1,2-3-4",
    "24:00",
    "7:05",
    "UTC+05:30",
    "utc-11:00",
    "UTC+5",
    "XYZ",
    "usd",
    "mi2",
    "text",
  ]);
  const numbers = new Set<number>([0, -1, 0.5, 123456.789]);
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      strings.add(value);
      strings.add(` ${value.toUpperCase()} `);
      strings.add(value.toLowerCase());
    } else if (typeof value === "number") {
      numbers.add(value);
      numbers.add(-value);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
  };
  for (const subtask of record.subtasks) visit(subtask.arguments);
  return { strings: [...strings], numbers: [...numbers] };
}

/** The `i`-th argument value for `schema` drawn from the pools (every enum value in turn). */
function sample(schema: Schema, pools: ReturnType<typeof valuePools>, i: number): Json {
  if (schema.enum !== undefined) return schema.enum[i % schema.enum.length];
  switch (schema.type) {
    case "string":
      return pools.strings[i % pools.strings.length];
    case "number":
      return pools.numbers[i % pools.numbers.length];
    case "integer":
      return Math.trunc(pools.numbers[i % pools.numbers.length]);
    case "array":
      return [0, 1, 2]
        .slice(0, 1 + (i % 3))
        .map((k) => sample(schema.items ?? {}, pools, i + k * 7));
    case "object": {
      const out: Record<string, Json> = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {}))
        if ((schema.required ?? []).includes(key) || i % 2 === 0)
          out[key] = sample(sub, pools, i + key.length);
      return out;
    }
    default:
      return null;
  }
}

/** Every call to try on a record: each step's gold call, then generated ones per tool. */
function callsOf(record: EnvironmentRecord, perTool: number): { tool: string; args: Json }[] {
  const calls = record.subtasks.map((s) => ({ tool: s.tool, args: s.arguments as Json }));
  const pools = valuePools(record);
  for (const spec of record.tools) {
    const schema = spec.function.parameters as Schema;
    for (let i = 0; i < perTool; i++)
      calls.push({ tool: spec.function.name, args: sample(schema, pools, i) });
  }
  return calls;
}

const outcome = (result: ToolResult) =>
  result.ok ? `ok ${result.json}` : `${result.error.kind} ${result.error.message}`;

async function compare(count: number, preset: keyof typeof COMPLEXITY_PRESETS) {
  const { now, old } = await buildBoth(count, COMPLEXITY_PRESETS[preset]);
  // Same environments apart from their code (the writers draw nothing from the generator).
  const withoutCode = (records: EnvironmentRecord[]) => records.map(({ code, ...rest }) => rest);
  expect(withoutCode(now.records)).toEqual(withoutCode(old.records));
  expect(now.rejections).toEqual(old.rejections);
  let valid = 0;
  let failed = 0;
  let timeouts = 0;
  const kinds = new Set<string>();
  for (const [r, record] of now.records.entries()) {
    const before = old.records[r];
    expect(Object.keys(record.code)).toEqual(Object.keys(before.code));
    const a = sandbox.load(record.code);
    const b = sandbox.load(before.code);
    try {
      const specs = new Map(record.tools.map((t) => [t.function.name, t.function.parameters]));
      for (const call of callsOf(record, 24)) {
        // What ToolEnvironment lets through to a tool: schema-valid arguments only.
        if (validator.check(specs.get(call.tool)!, call.args) !== null) continue;
        valid++;
        const got = outcome(a.call(call.tool, call.args));
        const want = outcome(b.call(call.tool, call.args));
        // Whether a long call (a business-day count over a population's worth of days) ends
        // within the time limit depends on the machine, not on what the code computes.
        if (got.startsWith("timeout ") || want.startsWith("timeout ")) {
          timeouts++;
          continue;
        }
        if (!got.startsWith("ok ")) failed++;
        kinds.add(got.slice(0, got.indexOf(" ")));
        expect(got, `${record.id} ${call.tool}(${JSON.stringify(call.args)})`).toBe(want);
      }
    } finally {
      a.dispose();
      b.dispose();
    }
  }
  const bytes = (records: EnvironmentRecord[]) =>
    records.reduce((s, rec) => s + Object.values(rec.code).join("").length, 0);
  expect(timeouts).toBeLessThan(valid / 100);
  return { valid, failed, kinds, newBytes: bytes(now.records), oldBytes: bytes(old.records) };
}

describe("the deployed tool code", () => {
  it("behaves as the old code on 200 medium environments: gold and wrong calls alike", async () => {
    const { valid, failed, kinds, newBytes, oldBytes } = await compare(200, "medium");
    // The comparison covered successes and thrown errors in numbers, and the code is smaller.
    expect(valid).toBeGreaterThan(5_000);
    expect(failed).toBeGreaterThan(1_000);
    expect(valid - failed).toBeGreaterThan(1_000);
    expect(kinds).toContain("thrown");
    expect(newBytes).toBeLessThan(oldBytes * 0.85);
  }, 120_000);

  it("behaves as the old code on 100 high-complexity environments", async () => {
    const { valid, failed } = await compare(100, "high");
    expect(valid).toBeGreaterThan(2_000);
    expect(failed).toBeGreaterThan(500);
  }, 120_000);
});
