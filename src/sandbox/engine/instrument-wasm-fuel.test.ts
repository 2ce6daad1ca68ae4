import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { WasmInstrumentationError } from "../errors/wasm-instrumentation-error.js";
import { instrumentWasmFuel } from "./instrument-wasm-fuel.js";
import { wasmApi } from "./wasm-api.js";
import { WasmByteWriter } from "./wasm-byte-writer.js";

const OPTIONS = { importModule: "fuel", importName: "refuel", initialFuel: 10 };

/** A module section: id, then the length-prefixed payload. */
function section(out: WasmByteWriter, id: number, payload: WasmByteWriter): void {
  out.byte(id).vec(payload.toBytes());
}

/**
 * A hand-assembled module exercising everything the rewrite renumbers:
 * - import  env.log (i32) -> ()                                func 0
 * - func    count(n: i32) -> i32: loops n times, returns n    func 1
 * - func    twice(n) -> i32: call count, plus call_indirect     func 2
 * - table with an active element segment [count, twice]
 * - exports count, twice, the table; a start function (log 7)   func 3
 */
function testModule(): Uint8Array {
  const out = new WasmByteWriter().bytes(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0));
  const types = new WasmByteWriter().u32(3);
  types.bytes(Uint8Array.of(0x60, 1, 0x7f, 0)); // 0: (i32) -> ()
  types.bytes(Uint8Array.of(0x60, 1, 0x7f, 1, 0x7f)); // 1: (i32) -> i32
  types.bytes(Uint8Array.of(0x60, 0, 0)); // 2: () -> ()
  section(out, 1, types);
  const imports = new WasmByteWriter().u32(1);
  imports.vec(new TextEncoder().encode("env")).vec(new TextEncoder().encode("log"));
  imports.byte(0).u32(0);
  section(out, 2, imports);
  section(out, 3, new WasmByteWriter().u32(3).u32(1).u32(1).u32(2));
  section(out, 4, new WasmByteWriter().u32(1).byte(0x70).byte(0).u32(2)); // funcref table, min 2
  const exports = new WasmByteWriter().u32(3);
  exports.vec(new TextEncoder().encode("count")).byte(0).u32(1);
  exports.vec(new TextEncoder().encode("twice")).byte(0).u32(2);
  exports.vec(new TextEncoder().encode("table")).byte(1).u32(0);
  section(out, 7, exports);
  section(out, 8, new WasmByteWriter().u32(3)); // start: func 3
  const elems = new WasmByteWriter().u32(1).u32(0);
  elems.byte(0x41).s32(0).byte(0x0b).u32(2).u32(1).u32(2);
  section(out, 9, elems);

  // count: local i; loop { i++; br_if (i < n) } ; i
  const count = new WasmByteWriter().u32(1).u32(1).byte(0x7f);
  count.byte(0x03).byte(0x40); // loop
  count.byte(0x20).u32(1).byte(0x41).s32(1).byte(0x6a).byte(0x21).u32(1); // i = i + 1
  count.byte(0x20).u32(1).byte(0x20).u32(0).byte(0x48).byte(0x0d).u32(0); // br_if i < n
  count.byte(0x0b).byte(0x20).u32(1).byte(0x0b);
  // twice: count(n) + call_indirect[0](n)
  const twice = new WasmByteWriter().u32(0);
  twice.byte(0x20).u32(0).byte(0x10).u32(1);
  twice.byte(0x20).u32(0).byte(0x41).s32(0).byte(0x11).u32(1).u32(0);
  twice.byte(0x6a).byte(0x0b);
  // start: log(7)
  const start = new WasmByteWriter().u32(0).byte(0x41).s32(7).byte(0x10).u32(0).byte(0x0b);
  const code = new WasmByteWriter().u32(3).vec(count.toBytes()).vec(twice.toBytes());
  code.vec(start.toBytes());
  section(out, 10, code);
  return out.toBytes();
}

async function instantiate(bytes: Uint8Array, refuel?: () => number) {
  const logged: number[] = [];
  const imports: Record<string, Record<string, unknown>> = {
    env: { log: (x: number) => logged.push(x) },
  };
  if (refuel) imports.fuel = { refuel };
  const instance = new wasmApi.Instance(await wasmApi.compile(bytes), imports);
  const exports = instance.exports as {
    count: (n: number) => number;
    twice: (n: number) => number;
  };
  return { exports, logged };
}

describe("instrumentWasmFuel", () => {
  it("keeps a module's behaviour and calls the host every `initialFuel` loop iterations", async () => {
    const original = testModule();
    expect(wasmApi.validate(original)).toBe(true);
    const before = await instantiate(original);
    const { bytes, loops } = instrumentWasmFuel(original, OPTIONS);
    expect(loops).toBe(1);
    expect(wasmApi.validate(bytes)).toBe(true);
    let refuels = 0;
    const after = await instantiate(bytes, () => {
      refuels++;
      return 10;
    });
    expect(after.logged).toEqual(before.logged); // the renumbered start function still runs
    expect(after.exports.count(95)).toBe(before.exports.count(95));
    expect(refuels).toBe(9); // 95 iterations, a check every 10
    expect(after.exports.twice(20)).toBe(40); // direct call and call_indirect, both renumbered
  });

  it("lets the host abort a runaway loop by throwing from the import", async () => {
    const { bytes } = instrumentWasmFuel(testModule(), OPTIONS);
    let refuels = 0;
    const { exports } = await instantiate(bytes, () => {
      if (++refuels > 3) throw new Error("out of fuel");
      return 10;
    });
    expect(() => exports.count(1_000_000)).toThrow("out of fuel");
  });

  it("instruments the QuickJS binary the sandbox runs", () => {
    const requireQuickJS = createRequire(
      createRequire(import.meta.url).resolve("quickjs-emscripten"),
    );
    const path = requireQuickJS.resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
    const { bytes, loops } = instrumentWasmFuel(new Uint8Array(readFileSync(path)), OPTIONS);
    expect(loops).toBeGreaterThan(1000);
    expect(wasmApi.validate(bytes)).toBe(true);
  });

  it("exports mutable globals and lowers the imported memory's minimum on request", async () => {
    // (import "env" "mem" (memory 4)) (global $g (mut i32) (i32.const 7)) (global i32 (i32.const 1))
    // (func (export "get") (result i32) global.get $g)
    const out = new WasmByteWriter().bytes(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0));
    section(out, 1, new WasmByteWriter().u32(1).bytes(Uint8Array.of(0x60, 0, 1, 0x7f)));
    const imports = new WasmByteWriter().u32(1);
    imports.vec(new TextEncoder().encode("env")).vec(new TextEncoder().encode("mem"));
    imports.byte(2).byte(0).u32(4);
    section(out, 2, imports);
    section(out, 3, new WasmByteWriter().u32(1).u32(0));
    const globals = new WasmByteWriter().u32(2);
    globals.byte(0x7f).byte(1).byte(0x41).s32(7).byte(0x0b);
    globals.byte(0x7f).byte(0).byte(0x41).s32(1).byte(0x0b);
    section(out, 6, globals);
    section(
      out,
      7,
      new WasmByteWriter().u32(1).vec(new TextEncoder().encode("get")).byte(0).u32(0),
    );
    const body = new WasmByteWriter().u32(0).byte(0x23).u32(0).byte(0x0b);
    section(out, 10, new WasmByteWriter().u32(1).vec(body.toBytes()));

    const { bytes, exportedGlobals } = instrumentWasmFuel(out.toBytes(), {
      ...OPTIONS,
      exportMutableGlobals: "g",
      memoryMinimumPages: 1,
    });
    expect(exportedGlobals).toEqual(["g0"]);
    const memory = new wasmApi.Memory({ initial: 1, maximum: 1 }); // below the declared 4 pages
    const instance = new wasmApi.Instance(await wasmApi.compile(bytes), {
      env: { mem: memory },
      fuel: { refuel: () => 10 },
    });
    const { get, g0 } = instance.exports as { get: () => number; g0: { value: number } };
    expect(get()).toBe(7);
    g0.value = 42;
    expect(get()).toBe(42);
  });

  it("refuses opcodes it does not decode instead of guessing", () => {
    const bytes = testModule();
    // Turn count's `i32.add` (0x6a) into a SIMD prefix byte.
    const add = bytes.lastIndexOf(0x6a, bytes.length - 20);
    const broken = bytes.slice();
    broken[add] = 0xfd;
    expect(() => instrumentWasmFuel(broken, OPTIONS)).toThrow(WasmInstrumentationError);
    expect(() => instrumentWasmFuel(Uint8Array.of(1, 2, 3), OPTIONS)).toThrow(/not a WebAssembly/);
  });
});
