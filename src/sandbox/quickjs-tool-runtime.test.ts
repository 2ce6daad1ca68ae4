import { afterEach, describe, expect, it } from "vitest";
import { ENGINE_OVERHEAD_BYTES } from "./create-sandbox.js";
import { createToolRuntimeHost } from "./create-tool-runtime-host.js";
import { ToolLoadError } from "./errors/tool-load-error.js";
import { QuickJSToolRuntime, type ToolRuntimeHost } from "./quickjs-tool-runtime.js";

const LIMITS = {
  timeLimitMs: 300,
  memoryLimitBytes: 16 << 20,
  maxStackBytes: 64 << 10,
  maxOutputBytes: 1 << 20,
  randomSeed: 1,
};

/** A tool whose call is stopped by the fuel watchdog: a native loop QuickJS cannot interrupt. */
const NATIVE_HANG = {
  hang: "function hang() { return Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1) }",
};
const COUNTER = { count: "let n = 0; function count() { return ++n }" };

let host: ToolRuntimeHost | undefined;
afterEach(() => host?.pool.dispose());

async function makeHost(maxEngines: number, limits = LIMITS): Promise<ToolRuntimeHost> {
  host = await createToolRuntimeHost({ ...limits, nowMs: 0, maxEngines });
  return host;
}

function load(h: ToolRuntimeHost, code: Record<string, string>): QuickJSToolRuntime {
  return new QuickJSToolRuntime(h, code, () => {});
}

describe("QuickJSToolRuntime", () => {
  it("costs an abort only its own environment: a bystander keeps its state", async () => {
    const h = await makeHost(4);
    const bystander = load(h, COUNTER);
    expect(bystander.call("count", {})).toMatchObject({ value: 1 });
    const hostile = load(h, NATIVE_HANG);
    for (let i = 0; i < 3; i++) {
      expect(hostile.call("hang", {})).toMatchObject({ ok: false, error: { kind: "timeout" } });
      expect(bystander.call("count", {})).toMatchObject({ ok: true, value: 2 + i });
    }
    // No engine was lost: a new environment loads at once, on the same few engines.
    expect(load(h, COUNTER).call("count", {})).toMatchObject({ ok: true, value: 1 });
    expect(h.pool.size).toBeLessThanOrEqual(4);
  });

  it("takes turns when environments outnumber engines, each keeping its own state", async () => {
    const h = await makeHost(2);
    const counters = Array.from({ length: 7 }, () => load(h, COUNTER));
    const hostile = load(h, NATIVE_HANG);
    for (let round = 1; round <= 3; round++) {
      for (const counter of counters) {
        expect(counter.call("count", {})).toMatchObject({ ok: true, value: round });
      }
      expect(hostile.call("hang", {})).toMatchObject({ error: { kind: "timeout" } });
    }
    expect(h.pool.size).toBeLessThanOrEqual(2);
    expect(h.pool.parked).toBeGreaterThan(0);
    for (const counter of counters) counter.dispose();
    hostile.dispose();
    expect(h.pool.parked).toBe(0);
  });

  it("holds the memory limit for memory outside QuickJS's accounting, then works again", async () => {
    // Touching fresh memory can be slow on a loaded machine: this test is about bytes, not time.
    const h = await makeHost(1, { ...LIMITS, timeLimitMs: 20_000 });
    const tools = load(h, {
      fill: `function fill({ catching }) {
        const a = [];
        if (!catching) for (;;) a.push(new ArrayBuffer(1 << 16));
        try { for (;;) a.push(new ArrayBuffer(1 << 16)) } catch (e) { return [String(e), a.length] }
      }`,
      small: "function small() { return new ArrayBuffer(8 << 20).byteLength }",
      ...COUNTER,
    });
    const caught = tools.call("fill", { catching: true });
    expect(caught.ok).toBe(true);
    const [message, buffers] = (caught as { value: [string, number] }).value;
    expect(message).toBe("InternalError: out of memory");
    // The limit holds, and is not much tighter than promised.
    expect(buffers * (1 << 16)).toBeLessThanOrEqual(LIMITS.memoryLimitBytes + (512 << 10));
    expect(buffers * (1 << 16)).toBeGreaterThanOrEqual(LIMITS.memoryLimitBytes - (1 << 20));
    expect(tools.call("fill", { catching: false })).toMatchObject({ error: { kind: "memory" } });
    expect(tools.call("small", {})).toMatchObject({ ok: true, value: 8 << 20 });
    expect(tools.call("count", {})).toMatchObject({ ok: true, value: 1 });
    // The engine's whole memory is within the documented bound.
    const { engine } = h.pool.acquire(tools);
    expect(engine.heap.length).toBeLessThanOrEqual(LIMITS.memoryLimitBytes + ENGINE_OVERHEAD_BYTES);
  });

  it("leaves the engines as they were after a thousand environments", async () => {
    const h = await makeHost(2);
    const code = {
      work: "function work({ n }) { const a = []; for (let i = 0; i < n; i++) a.push({ i, s: 'x' + i }); return a.length }",
    };
    for (let i = 0; i < 1000; i++) {
      const tools = load(h, code);
      expect(tools.call("work", { n: 100 })).toMatchObject({ ok: true, value: 100 });
      tools.dispose();
    }
    expect(h.pool.size).toBeLessThanOrEqual(2);
    expect(h.pool.parked).toBe(0);
  });

  it("survives the host's own stack overflowing inside the engine", async () => {
    const h = await makeHost(1);
    const deep = `${"(".repeat(20000)}1${")".repeat(20000)}`;
    let error: unknown;
    try {
      load(h, { nested: `const x = ${deep}; function nested() { return x }` });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ToolLoadError);
    expect(error).toMatchObject({ toolName: "nested", reason: "stack" });
    expect(load(h, COUNTER).call("count", {})).toMatchObject({ ok: true, value: 1 });
  });

  it("rebuilds an environment after a timeout, so leftover state cannot poison the next call", async () => {
    const h = await makeHost(1);
    const tools = load(h, {
      step: `let poisoned = false;
        function step({ hang }) { if (hang) { poisoned = true; for (;;) {} } return poisoned }`,
    });
    expect(tools.call("step", { hang: true })).toMatchObject({ error: { kind: "timeout" } });
    expect(tools.call("step", { hang: false })).toMatchObject({ ok: true, value: false });
  });
});
