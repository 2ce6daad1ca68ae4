import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "./create-sandbox.js";
import { SandboxDisposedError } from "./errors/sandbox-disposed-error.js";
import { ToolLoadError } from "./errors/tool-load-error.js";
import type { ToolResult } from "./tool-result.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ timeLimitMs: 200 });
});
afterAll(() => sandbox.dispose());

function value(result: ToolResult): unknown {
  if (!result.ok)
    throw new Error(`expected success, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

function loadError(code: Record<string, string>): ToolLoadError {
  try {
    sandbox.load(code).dispose();
  } catch (error) {
    if (error instanceof ToolLoadError) return error;
    throw error;
  }
  throw new Error("expected a ToolLoadError");
}

describe("createSandbox: calls", () => {
  it("passes arguments in and results out as JSON", () => {
    const tools = sandbox.load({ echo: "function echo(args) { return args }" });
    const args = {
      text: 'héllo \u{1f600} "quoted" \\ \n',
      n: -1.5e-7,
      list: [1, null, true, { deep: [[["x"]]] }],
      ["__proto__"]: { polluted: true },
    };
    const result = tools.call("echo", JSON.parse(JSON.stringify(args)));
    expect(value(result)).toEqual(JSON.parse(JSON.stringify(args)));
    expect(result.ok && result.json).toBe(JSON.stringify(JSON.parse(JSON.stringify(args))));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    tools.dispose();
  });

  it("returns every JSON type, undefined as null and non-finite numbers as null", () => {
    const tools = sandbox.load({
      pick: `function pick({ which }) {
        return [ "text", 42, -0, 1e21, true, false, null, [1, [2]], { a: { b: 1 } },
                 undefined, NaN, Infinity, new Date(0), new Map([[1, 2]]) ][which];
      }`,
    });
    const expected = ["text", 42, 0, 1e21, true, false, null, [1, [2]], { a: { b: 1 } }];
    for (const [which, v] of expected.entries()) {
      expect(value(tools.call("pick", { which }))).toEqual(v);
    }
    expect(value(tools.call("pick", { which: 9 }))).toBeNull();
    expect(value(tools.call("pick", { which: 10 }))).toBeNull();
    expect(value(tools.call("pick", { which: 11 }))).toBeNull();
    expect(value(tools.call("pick", { which: 12 }))).toBe("1970-01-01T00:00:00.000Z");
    expect(value(tools.call("pick", { which: 13 }))).toEqual({});
    tools.dispose();
  });

  it("awaits a returned Promise within the time limit", () => {
    const tools = sandbox.load({
      later: "async function later({ x }) { await null; await Promise.resolve(); return x * 2 }",
      reject: "async function reject() { await null; throw new RangeError('no') }",
    });
    expect(value(tools.call("later", { x: 21 }))).toBe(42);
    expect(tools.call("reject", {})).toMatchObject({
      ok: false,
      error: { kind: "thrown", message: 'tool "reject" threw: RangeError: no' },
    });
    tools.dispose();
  });

  it("reports an unknown tool and unserializable arguments without throwing", () => {
    const tools = sandbox.load({ a: "function a() { return 1 }", b: "function b() { return 2 }" });
    expect(tools.toolNames).toEqual(["a", "b"]);
    expect(tools.call("c", {})).toMatchObject({
      ok: false,
      error: { kind: "no_such_function", message: 'no tool named "c" here (tools: a, b)' },
    });
    expect(tools.call("toString", {})).toMatchObject({ error: { kind: "no_such_function" } });
    expect(tools.call("a", { big: 1n })).toMatchObject({ error: { kind: "internal" } });
    expect(value(tools.call("a", undefined))).toBe(1);
    tools.dispose();
  });

  it("reports arguments nested too deeply as an error, on either side", () => {
    const tools = sandbox.load({ echo: "function echo(args) { return 1 }" });
    const nest = (depth: number) => {
      let deep: unknown = 1;
      for (let i = 0; i < depth; i++) deep = [deep];
      return { deep };
    };
    // Deeper than QuickJS's stack allows for JSON.parse (about 4,000 levels at 64 KiB)...
    expect(tools.call("echo", nest(6000))).toMatchObject({ ok: false });
    // ...or than the host's JSON.stringify can even serialize.
    expect(tools.call("echo", nest(200_000))).toMatchObject({
      ok: false,
      error: { kind: "internal", message: /arguments are not JSON-serializable/ },
    });
    expect(value(tools.call("echo", nest(100)))).toBe(1);
    tools.dispose();
  });

  it("allows deeper recursion with a larger maxStackBytes", async () => {
    const code = {
      depth: "function depth({ n }) { return n === 0 ? 0 : 1 + depth({ n: n - 1 }) }",
    };
    const roomy = await createSandbox({ maxStackBytes: 256 << 10 });
    expect(sandbox.load(code).call("depth", { n: 600 })).toMatchObject({
      error: { kind: "stack" },
    });
    expect(value(roomy.load(code).call("depth", { n: 600 }))).toBe(600);
    roomy.dispose();
  });

  it("counts the output limit in UTF-8 bytes", async () => {
    const small = await createSandbox({ maxOutputBytes: 100 });
    const tools = small.load({ say: "function say({ text, n }) { return text.repeat(n) }" });
    expect(value(tools.call("say", { text: "a", n: 98 }))).toHaveLength(98); // 100 bytes with quotes
    expect(tools.call("say", { text: "a", n: 99 })).toMatchObject({
      error: { kind: "output_too_large" },
    });
    // 40 euro signs are 42 characters of JSON but 122 bytes of UTF-8.
    expect(tools.call("say", { text: "€", n: 40 })).toMatchObject({
      error: { kind: "output_too_large" },
    });
    small.dispose();
  });
});

describe("createSandbox: loading", () => {
  it("gives each tool its own top-level scope", () => {
    const tools = sandbox.load({
      first: "const DATA = { x: 1 }; function first() { return DATA.x }",
      second: "const DATA = { x: 2 }; function second() { return DATA.x }",
      arrow: "const arrow = ({ a }) => a + 1;",
      strict: '"use strict"; function strict() { return this === undefined }',
    });
    expect(value(tools.call("first", {}))).toBe(1);
    expect(value(tools.call("second", {}))).toBe(2);
    expect(value(tools.call("arrow", { a: 1 }))).toBe(2);
    expect(value(tools.call("strict", {}))).toBe(true);
    tools.dispose();
  });

  it("throws a ToolLoadError naming the tool and the reason", () => {
    expect(loadError({ bad: "function bad( { return 1 }" })).toMatchObject({
      toolName: "bad",
      reason: "syntax_error",
    });
    expect(loadError({ boom: "throw new Error('at load'); function boom() {}" })).toMatchObject({
      toolName: "boom",
      reason: "threw",
      detail: "Error: at load",
    });
    expect(loadError({ absent: "function present() { return 1 }" })).toMatchObject({
      reason: "missing_function",
    });
    expect(loadError({ "not-a-name": "function x() {}" })).toMatchObject({
      reason: "invalid_name",
    });
    expect(loadError({ class: "function x() {}" })).toMatchObject({ reason: "invalid_name" });
    expect(loadError({ spin: "while (true) {} function spin() {}" })).toMatchObject({
      reason: "timeout",
    });
    expect(loadError({ ok: "function ok() {}", bad: "}{" }).message).toMatch(
      /^tool "bad" could not be loaded \(syntax_error\)/,
    );
  });
});

describe("createSandbox: state and determinism", () => {
  it("keeps state within an environment and never across loads", () => {
    const code = { count: "let n = 0; function count() { globalThis.seen = true; return ++n }" };
    const first = sandbox.load(code);
    expect([1, 2, 3].map(() => value(first.call("count", {})))).toEqual([1, 2, 3]);
    const second = sandbox.load({ ...code, peek: "function peek() { return typeof seen }" });
    expect(value(second.call("peek", {}))).toBe("undefined");
    expect(value(second.call("count", {}))).toBe(1);
    first.dispose();
    second.dispose();
  });

  it("has a fixed clock, UTC local time and a Math.random reset per load", () => {
    const code = {
      now: `function now() {
        return [Date.now(), new Date().getTime(), Date(), new Date(2024, 0, 1, 10).getHours(),
                new Date(2024, 6, 1).getTimezoneOffset(), Date.parse("2024-07-01T12:00"),
                new Date(0).toString(), Math.random(), Math.random()];
      }`,
    };
    const savedTz = process.env.TZ;
    const runs: unknown[] = [];
    try {
      for (const tz of ["UTC", "America/New_York", "Asia/Kolkata"]) {
        process.env.TZ = tz; // the host's zone must not reach the sandbox
        const tools = sandbox.load(code);
        runs.push(value(tools.call("now", {})));
        tools.dispose();
      }
    } finally {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    }
    const [first] = runs as unknown[][];
    expect(runs[1]).toEqual(first);
    expect(runs[2]).toEqual(first);
    expect(first.slice(0, 7)).toEqual([
      1_704_067_200_000,
      1_704_067_200_000,
      "Mon Jan 01 2024 00:00:00 GMT+0000",
      10,
      0,
      Date.UTC(2024, 6, 1, 12),
      "Thu Jan 01 1970 00:00:00 GMT+0000",
    ]);
    expect(first[7]).not.toBe(first[8]);
  });

  it("takes the clock and the seed from the options", async () => {
    const other = await createSandbox({ nowMs: 0, randomSeed: 7 });
    const code = { t: "function t() { return [Date.now(), Math.random()] }" };
    const a = value(other.load(code).call("t", {})) as number[];
    const b = value(sandbox.load(code).call("t", {})) as number[];
    expect(a[0]).toBe(0);
    expect(a[1]).not.toBe(b[1]);
    expect(value(other.load(code).call("t", {}))).toEqual(a);
    other.dispose();
  });

  it("offers a silent console and no host objects", () => {
    const tools = sandbox.load({
      probe: `function probe() {
        console.log("x"); console.error("y");
        return ["require", "process", "module", "Buffer", "fetch", "setTimeout", "WebAssembly",
                "std", "os", "Atomics", "WeakRef", "FinalizationRegistry"].map((k) => typeof globalThis[k]);
      }`,
    });
    expect(new Set(value(tools.call("probe", {})) as string[])).toEqual(new Set(["undefined"]));
    tools.dispose();
  });
});

describe("createSandbox: lifecycle", () => {
  it("throws SandboxDisposedError after dispose, and dispose is idempotent", async () => {
    const own = await createSandbox();
    const tools = own.load({ f: "function f() { return 1 }" });
    const kept = own.load({ g: "function g() { return 2 }" });
    tools.dispose();
    tools.dispose();
    expect(() => tools.call("f", {})).toThrow(SandboxDisposedError);
    own.dispose();
    expect(() => kept.call("g", {})).toThrow(SandboxDisposedError);
    expect(() => own.load({})).toThrow(SandboxDisposedError);
    own.dispose();
  });
});
