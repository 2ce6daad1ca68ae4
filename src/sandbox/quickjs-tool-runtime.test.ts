import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EnginePool } from "./engine/engine-pool.js";
import { SandboxUnavailableError } from "./errors/sandbox-unavailable-error.js";
import { ToolLoadError } from "./errors/tool-load-error.js";
import { QuickJSToolRuntime, type ToolRuntimeLimits } from "./quickjs-tool-runtime.js";

const LIMITS: ToolRuntimeLimits = {
  timeLimitMs: 100,
  memoryLimitBytes: 32 << 20,
  maxStackBytes: 64 << 10,
  maxOutputBytes: 1 << 20,
  randomSeed: 1,
};

/** A tool whose call is stopped by the fuel watchdog: a native loop QuickJS cannot interrupt. */
const NATIVE_HANG = {
  hang: "function hang() { return Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1) }",
};
const COUNTER = { count: "let n = 0; function count() { return ++n }" };

let pool: EnginePool;
beforeEach(async () => {
  pool = await EnginePool.create({ nowMs: 0 });
});
afterEach(() => pool.dispose());

function load(code: Record<string, string>, limits = LIMITS): QuickJSToolRuntime {
  return new QuickJSToolRuntime(pool, code, limits, () => {});
}

describe("QuickJSToolRuntime on an EnginePool", () => {
  it("frees what each environment used: the engine's memory stays flat", () => {
    const code = {
      work: "function work({ n }) { const a = []; for (let i = 0; i < n; i++) a.push({ i, s: 'x' + i }); return a.length }",
    };
    const cycle = () => {
      // A generous limit: a busy machine must not turn this into a timeout test.
      const tools = load(code, { ...LIMITS, timeLimitMs: 10_000 });
      expect(tools.call("work", { n: 1000 })).toMatchObject({ ok: true, value: 1000 });
      tools.dispose();
    };
    for (let i = 0; i < 30; i++) cycle();
    const engine = pool.current();
    const before = engine.memory.buffer.byteLength;
    for (let i = 0; i < 150; i++) cycle();
    expect(pool.current(), "no engine was retired").toBe(engine);
    expect(engine.memory.buffer.byteLength, "WebAssembly memory size").toBe(before);
  });

  it("replaces an engine the watchdog aborted; other environments reload on the spare", async () => {
    const bystander = load(COUNTER);
    expect(bystander.call("count", {})).toMatchObject({ value: 1 });
    const first = pool.current();
    const hostile = load(NATIVE_HANG);
    expect(hostile.call("hang", {})).toMatchObject({ ok: false, error: { kind: "timeout" } });
    expect(first.poisoned).toBe(true);
    expect(pool.current()).not.toBe(first);
    // The bystander's engine is gone: it reloads its code, so its state starts over.
    expect(bystander.call("count", {})).toMatchObject({ ok: true, value: 1 });
    expect(hostile.call("hang", {})).toMatchObject({ error: { kind: "timeout" } });
    // Two aborts before a replacement started: briefly no engine.
    expect(() => load(COUNTER)).toThrow(SandboxUnavailableError);
    expect(bystander.call("count", {})).toMatchObject({ ok: false, error: { kind: "internal" } });
    await pool.ready();
    expect(bystander.call("count", {})).toMatchObject({ ok: true, value: 1 });
    expect(load(COUNTER).call("count", {})).toMatchObject({ ok: true, value: 1 });
  });

  it("survives the host's own stack overflowing inside the engine", () => {
    const deep = `${"(".repeat(20000)}1${")".repeat(20000)}`;
    let error: unknown;
    try {
      load({ nested: `const x = ${deep}; function nested() { return x }` });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ToolLoadError);
    expect(error).toMatchObject({ toolName: "nested", reason: "stack" });
    expect(load(COUNTER).call("count", {})).toMatchObject({ ok: true, value: 1 });
  });

  it("rebuilds an environment after a timeout, so leftover state cannot poison the next call", () => {
    const tools = load({
      step: `let poisoned = false;
        function step({ hang }) { if (hang) { poisoned = true; for (;;) {} } return poisoned }`,
    });
    expect(tools.call("step", { hang: true })).toMatchObject({ error: { kind: "timeout" } });
    expect(tools.call("step", { hang: false })).toMatchObject({ ok: true, value: false });
  });
});
