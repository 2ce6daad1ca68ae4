import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox, type ToolRuntime } from "./create-sandbox.js";
import { MEMORY_BOMBS } from "./test-helpers/memory-bombs.js";
import type { ToolErrorKind, ToolResult } from "./tool-result.js";

/**
 * The hostile battery: each program is the body of `hostile(args)`. Every one must end in a
 * structured result within its time budget + 100 ms, leave the host untouched, leave the same
 * environment and a fresh one working, and leave a bystander — an environment loaded before the
 * battery and called after every program — with its state intact.
 */
const LIMIT_MS = 100;

type Expectation = { kind: ToolErrorKind | ToolErrorKind[]; message?: RegExp } | { value: unknown };

interface HostileCase {
  name: string;
  body: string;
  expect: Expectation;
}

const timeout = { kind: "timeout" } as const;
const thrown = (message: RegExp) => ({ kind: "thrown", message }) as const;
const notJson = (message: RegExp) => ({ kind: "not_json", message }) as const;

const CASES: HostileCase[] = [
  // --- infinite loops, in every place the harness runs tool code ---
  { name: "while (true)", body: "while (true) {}", expect: timeout },
  { name: "for (;;)", body: "for (;;) {}", expect: timeout },
  { name: "do-while", body: "let i = 0; do { i++ } while (i > 0 || true)", expect: timeout },
  {
    name: "recursion that catches its own stack overflow",
    body: "function f() { try { f() } catch (e) { f() } } f()",
    expect: timeout,
  },
  {
    name: "catastrophic regex backtracking",
    body: "return /(a+)+$/.test('a'.repeat(40) + 'b')",
    expect: timeout,
  },
  { name: "loop in toJSON", body: "return { toJSON() { while (true) {} } }", expect: timeout },
  { name: "loop in a getter", body: "return { get x() { for (;;) {} } }", expect: timeout },
  {
    name: "loop in a Proxy trap",
    body: "return new Proxy({}, { ownKeys() { while (1) {} } })",
    expect: timeout,
  },
  {
    name: "loop in finally",
    body: "try { while (true) {} } finally { while (true) {} }",
    expect: timeout,
  },
  {
    name: "catch that swallows the interrupt",
    body: "for (;;) { try { while (true) {} } catch (e) {} }",
    expect: timeout,
  },
  {
    name: "loop after await",
    body: "return (async () => { await null; while (true) {} })()",
    expect: timeout,
  },
  {
    name: "endless microtask chain behind a normal return",
    body: "function loop() { return Promise.resolve().then(loop) } loop(); return 1",
    expect: timeout,
  },
  {
    name: "loop in the thrown error's message getter",
    body: "const e = new Error(); Object.defineProperty(e, 'message', { get() { while (1) {} } }); throw e",
    expect: timeout,
  },
  {
    name: "native loop: indexOf over a 2^53 array-like",
    body: "return Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1)",
    expect: timeout,
  },
  {
    name: "native loop: join of a sparse 2^32 array",
    body: "return new Array(2 ** 32 - 1).join('').length",
    expect: timeout,
  },
  {
    name: "native loop: quadratic string search",
    body: "return 'a'.repeat(1e7).includes('a'.repeat(1e6) + 'b')",
    expect: timeout,
  },
  // --- memory bombs ---
  {
    name: "array growth",
    body: "const a = []; for (;;) a.push(new Array(1000).fill(1))",
    expect: { kind: ["memory", "timeout"] },
  },
  { name: "string doubling", body: "let s = 'x'; for (;;) s += s", expect: { kind: "memory" } },
  {
    name: "object graph",
    body: "let o = {}; for (;;) o = { next: o, pad: [1, 2, 3, 4, 5, 6, 7, 8] }",
    expect: { kind: ["memory", "timeout"] },
  },
  {
    name: "ArrayBuffer(1e9)",
    body: "return new ArrayBuffer(1e9).byteLength",
    expect: { kind: "memory" },
  },
  {
    name: "'x'.repeat(2 ** 29)",
    body: "return 'x'.repeat(2 ** 29).length",
    expect: { kind: "memory" },
  },
  {
    name: "Array(1e8).fill",
    body: "return new Array(1e8).fill(0).length",
    expect: { kind: ["memory", "timeout"] },
  },
  // Memory QuickJS's own accounting misses: only the engine's fixed-size memory stops these.
  ...Object.entries(MEMORY_BOMBS).map(([name, body]) => ({
    name: `memory bomb: ${name}`,
    body,
    expect: { kind: ["memory", "timeout"] } as Expectation,
  })),
  // --- stack ---
  {
    name: "unbounded recursion",
    body: "function f(n) { return f(n + 1) + 1 } return f(0)",
    expect: { kind: "stack" },
  },
  {
    name: "recursion through getters",
    body: "const o = { get x() { return this.x } }; return o.x",
    expect: { kind: "stack" },
  },
  {
    name: "deeply nested return value",
    body: "let o = 1; for (let i = 0; i < 1e5; i++) o = [o]; return o",
    expect: { kind: ["stack", "timeout"] },
  },
  // --- huge outputs ---
  { name: "100 MB string", body: "return 'x'.repeat(1e8)", expect: { kind: "memory" } },
  // Serializing megabytes can itself outlast a 100 ms budget on a busy machine.
  {
    name: "5 MB string",
    body: "return 'x'.repeat(5e6)",
    expect: { kind: ["output_too_large", "timeout"] },
  },
  {
    name: "300k short strings",
    body: "return new Array(3e5).fill('abcdefgh')",
    expect: { kind: ["output_too_large", "timeout"] },
  },
  // --- prototype pollution and harness sabotage ---
  {
    name: "Object.prototype pollution",
    body: "Object.prototype.polluted = 1; Array.prototype.evil = 2; return ({}).polluted",
    expect: { value: 1 },
  },
  {
    name: "JSON.stringify and JSON.parse replaced",
    body: "JSON.stringify = () => '\"hacked\"'; JSON.parse = () => ({ hacked: true }); return { a: 1 }",
    expect: { value: { a: 1 } },
  },
  {
    name: "Object.prototype.toJSON planted",
    body: "try { Object.prototype.toJSON = () => 'pwned' } catch (e) {} return { a: 1 }",
    expect: { value: { a: 1 } },
  },
  {
    name: "setter on Object.prototype for the argument keys",
    body: "Object.defineProperty(Object.prototype, 'city', { set(v) { while (1) {} }, configurable: true }); return 1",
    expect: { value: 1 },
  },
  {
    name: "Promise.prototype.then replaced",
    body: "Promise.prototype.then = function () { while (1) {} }; return (async () => 5)()",
    expect: { value: 5 },
  },
  {
    name: "Reflect, Function.prototype and String.prototype replaced",
    body: "Reflect.apply = null; Function.prototype.call = null; String.prototype.slice = null; throw new Error('x'.repeat(3000))",
    // Messages are cut at 2000 characters ("Error: " included).
    expect: thrown(/^tool "hostile" threw: Error: x{1993}\.\.\.$/),
  },
  {
    name: "every global deleted",
    body: "for (const k of Object.getOwnPropertyNames(globalThis)) { try { delete globalThis[k] } catch (e) {} } return 1",
    expect: { value: 1 },
  },
  // --- reaching for the host ---
  {
    name: "Function constructor escape",
    body: "return this.constructor.constructor('return process')()",
    expect: thrown(/EvalError: code generation from strings is disabled/),
  },
  { name: "eval", body: "return eval('1 + 1')", expect: thrown(/EvalError/) },
  { name: "new Function", body: "return new Function('return 1')()", expect: thrown(/EvalError/) },
  {
    name: "async function constructor",
    body: "return Reflect.construct(Object.getPrototypeOf(async function () {}).constructor, ['return 1'])",
    expect: thrown(/EvalError/),
  },
  {
    name: "dynamic import",
    body: "return import('fs')",
    expect: thrown(/could not load module 'fs'/),
  },
  {
    name: "host globals",
    body: "return ['require', 'process', 'module', 'Buffer', 'fetch', 'globalThis.process', 'WebAssembly', 'Atomics'].map((k) => typeof globalThis[k])",
    expect: { value: Array(8).fill("undefined") },
  },
  {
    name: "SharedArrayBuffer without Atomics",
    body: "return [new SharedArrayBuffer(16).byteLength, typeof Atomics]",
    expect: { value: [16, "undefined"] },
  },
  // --- throwing non-Errors ---
  { name: "throw 1", body: "throw 1", expect: thrown(/threw: 1$/) },
  { name: "throw null", body: "throw null", expect: thrown(/threw: null$/) },
  { name: "throw undefined", body: "throw undefined", expect: thrown(/threw: undefined$/) },
  { name: "throw a symbol", body: "throw Symbol('s')", expect: thrown(/threw: Symbol\(s\)$/) },
  { name: "throw a BigInt", body: "throw 10n", expect: thrown(/threw: 10$/) },
  {
    name: "throw an object whose toString loops",
    body: "throw { toString() { while (1) {} } }",
    expect: thrown(/threw: \{\}$/),
  },
  {
    name: "throw a revoked proxy",
    body: "const p = Proxy.revocable({}, {}); p.revoke(); throw p.proxy",
    expect: thrown(/could not be described/),
  },
  // --- results with no JSON form ---
  { name: "cycle", body: "const o = {}; o.o = o; return o", expect: notJson(/circular/) },
  { name: "BigInt", body: "return 1n", expect: notJson(/BigInt/) },
  { name: "function", body: "return function () {}", expect: notJson(/type function/) },
  { name: "symbol", body: "return Symbol('x')", expect: notJson(/type symbol/) },
  {
    name: "throwing toJSON",
    body: "return { toJSON() { throw new Error('nope') } }",
    expect: notJson(/Error: nope/),
  },
  {
    name: "throwing getter",
    body: "return { get x() { throw new TypeError('bad') } }",
    expect: notJson(/TypeError: bad/),
  },
  {
    name: "Promise that never settles",
    body: "return new Promise(() => {})",
    expect: notJson(/never settles/),
  },
  {
    name: "revoked proxy",
    body: "const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy",
    expect: notJson(/revoked proxy/),
  },
  {
    name: "NaN and Infinity",
    body: "return [NaN, Infinity, -0, undefined]",
    expect: { value: [null, null, 0, null] },
  },
  // --- determinism ---
  {
    name: "clock and randomness",
    body: "return [Date.now(), new Date().toISOString(), Math.random() === Math.random()]",
    expect: { value: [1_704_067_200_000, "2024-01-01T00:00:00.000Z", false] },
  },
];

let sandbox: Sandbox;
let bystander: ToolRuntime;
let bystanderCount = 0;
beforeAll(async () => {
  sandbox = await createSandbox({ timeLimitMs: LIMIT_MS });
  bystander = sandbox.load({ count: "let n = 0; function count() { return ++n }" });
});
afterAll(() => sandbox.dispose());

function environment(body: string) {
  return {
    hostile: `function hostile(args) { ${body} }`,
    ok: "function ok(args) { return { echo: args, polluted: ({}).polluted ?? null } }",
  };
}

function check(result: ToolResult, expectation: Expectation): void {
  if ("value" in expectation) {
    expect(result).toMatchObject({ ok: true, value: expectation.value });
    return;
  }
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) return;
  const kinds = [expectation.kind].flat();
  expect(kinds, result.error.message).toContain(result.error.kind);
  if (expectation.message) expect(result.error.message).toMatch(expectation.message);
}

// Wall-clock bounds on a machine shared with other test workers: a process descheduled for
// 100 ms misses one through no fault of the sandbox, so a case gets up to two retries.
describe("hostile programs", { retry: 2 }, () => {
  it("has a battery of at least 30 programs", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const tools = sandbox.load(environment(c.body));
      const started = performance.now();
      const result = tools.call("hostile", { city: "x" });
      const wallMs = performance.now() - started;
      check(result, c.expect);
      expect(result.elapsedMs, "elapsedMs").toBeLessThanOrEqual(LIMIT_MS + 100);
      expect(wallMs, "wall-clock time of the call").toBeLessThanOrEqual(LIMIT_MS + 100);

      // The same environment still answers (rebuilt if the call left it suspect)...
      const polluted = c.name === "Object.prototype pollution" ? 1 : null;
      expect(tools.call("ok", { city: "paris" })).toMatchObject({
        ok: true,
        value: { echo: { city: "paris" }, polluted },
      });
      tools.dispose();
      // ...a fresh environment sees none of it, and neither does the host.
      const fresh = sandbox.load(environment("return 1"));
      expect(fresh.call("ok", {})).toMatchObject({ ok: true, value: { polluted: null } });
      fresh.dispose();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(([] as unknown as Record<string, unknown>).evil).toBeUndefined();
      // ...and the bystander still has its state: no program reached its engine.
      expect(bystander.call("count", {})).toMatchObject({ ok: true, value: ++bystanderCount });
      // Engines start in the background: let the pool grow between programs, as between episodes.
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
});
