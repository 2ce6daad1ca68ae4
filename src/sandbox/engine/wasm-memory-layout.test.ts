import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { EngineSetupError } from "../errors/engine-setup-error.js";
import { loadQuickJSEngine } from "./load-quickjs-engine.js";
import { QUICKJS_STACK_BYTES, readWasmMemoryLayout } from "./wasm-memory-layout.js";

function quickJSBytes(): Uint8Array {
  const requireQuickJS = createRequire(
    createRequire(import.meta.url).resolve("quickjs-emscripten"),
  );
  const path = requireQuickJS.resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
  return new Uint8Array(readFileSync(path));
}

describe("readWasmMemoryLayout", () => {
  it("finds the stack, the heap and the sbrk break of the QuickJS binary", async () => {
    const layout = readWasmMemoryLayout(quickJSBytes());
    expect(layout.stackLow).toBe(layout.heapBase - QUICKJS_STACK_BYTES);
    expect(layout.breakAddress).toBeLessThan(layout.stackLow);
    // In a running engine the break lies in the heap, and grows when malloc needs more.
    const engine = await loadQuickJSEngine({ nowMs: 0, memoryBytes: layout.heapBase + (4 << 20) });
    const view = new DataView(engine.heap.buffer);
    const before = view.getUint32(layout.breakAddress, true);
    expect(before).toBeGreaterThanOrEqual(layout.heapBase);
    const block = engine.module._malloc(1 << 20);
    expect(block).toBeGreaterThanOrEqual(layout.heapBase);
    expect(view.getUint32(layout.breakAddress, true)).toBeGreaterThanOrEqual(block + (1 << 20));
    // The memory cannot grow: asking for more than is left fails, and is recorded.
    expect(engine.module._malloc(8 << 20)).toBe(0);
    expect(engine.heapExhausted).toBe(true);
  });

  it("refuses a binary that is not an emscripten build", () => {
    const empty = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0);
    expect(() => readWasmMemoryLayout(empty)).toThrow(EngineSetupError);
  });
});
