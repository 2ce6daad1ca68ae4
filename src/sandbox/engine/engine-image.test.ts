import { afterAll, describe, expect, it } from "vitest";
import { createToolRuntimeHost } from "../create-tool-runtime-host.js";
import { QuickJSToolRuntime, type ToolRuntimeHost } from "../quickjs-tool-runtime.js";
import {
  engineImageBytes,
  restoreEngineImage,
  saveEngineDelta,
  saveEngineImage,
} from "./engine-image.js";
import { loadQuickJSEngine } from "./load-quickjs-engine.js";

let host: ToolRuntimeHost;
afterAll(() => host?.pool.dispose());

describe("engine images", () => {
  it("carry an environment's state into another engine, whole or as a small delta", async () => {
    host = await createToolRuntimeHost({
      timeLimitMs: 5000,
      memoryLimitBytes: 8 << 20,
      maxStackBytes: 64 << 10,
      maxOutputBytes: 1 << 20,
      randomSeed: 1,
      nowMs: 0,
      maxEngines: 1,
    });
    const tools = new QuickJSToolRuntime(
      host,
      { count: "let n = 0; const log = []; function count() { log.push('x' + n); return ++n }" },
      () => {},
    );
    for (let i = 1; i <= 3; i++) expect(tools.call("count", {})).toMatchObject({ value: i });
    const { engine } = host.pool.acquire(tools);
    const whole = saveEngineImage(engine);
    const delta = saveEngineDelta(engine, host.pristine.image);
    expect(engineImageBytes(delta)).toBeLessThan(engineImageBytes(whole) / 4);

    const { stackLow, heapBase } = engine.layout;
    const brk = heapBase + whole.heap.length;
    for (const image of [whole, delta]) {
      const other = await loadQuickJSEngine({ nowMs: 0, memoryBytes: engine.heap.length });
      other.heap.fill(0xa5, heapBase); // stale bytes: must not matter
      restoreEngineImage(other, image);
      expect(
        Buffer.compare(other.heap.subarray(0, stackLow), engine.heap.subarray(0, stackLow)),
      ).toBe(0);
      expect(
        Buffer.compare(other.heap.subarray(heapBase, brk), engine.heap.subarray(heapBase, brk)),
      ).toBe(0);
      expect(other.globals.map((g) => g.value)).toEqual(engine.globals.map((g) => g.value));
    }
  });
});
