import { OP, type Remap, rewriteExpr, valtype } from "./rewrite-wasm-expression.js";
import { WasmByteReader } from "./wasm-byte-reader.js";
import { WasmByteWriter } from "./wasm-byte-writer.js";

/**
 * Fuel metering for a WebAssembly binary: the watchdog behind the sandbox's hard deadline.
 *
 * QuickJS's interrupt handler only runs between JavaScript operations, so a single native call
 * that loops in C — `Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1)`, a quadratic
 * `String.prototype.includes`, a long regular-expression attempt — cannot be stopped by it. This
 * rewrite puts a counter at the head of every `loop` in the binary:
 *
 * ```wat
 * loop
 *   global.get $fuel  i32.const 1  i32.sub  global.set $fuel
 *   global.get $fuel  i32.const 1  i32.lt_s
 *   if  call $refuel  global.set $fuel  end     ;; $refuel is a host import
 *   …original loop body
 * ```
 *
 * Every `initialFuel` loop iterations the host's `refuel` runs; it returns the next allowance or
 * throws, which unwinds the WebAssembly stack wherever it is. The instance's memory is then in an
 * inconsistent state: it must be thrown away, or its memory restored from a saved image (the
 * sandbox's engines do that).
 *
 * The import is appended after the existing imports, so every defined function's index moves up
 * by one; calls, `ref.func`, exports, the start function and element segments are renumbered. The
 * `name` custom section is dropped (its indices would be stale). Anything this decoder does not
 * know (SIMD, atomics, GC, the new exception-handling opcodes) throws `WasmInstrumentationError`.
 *
 * Two optional extras serve the sandbox's engine images (see engine-image.ts): exporting the
 * binary's mutable globals (an emscripten build's C stack pointer), so the host can save and reset
 * them, and lowering the imported memory's declared minimum, so the host may hand the instance a
 * memory smaller than the build's default initial size.
 */
export interface FuelInstrumentationOptions {
  /** Import module and field of the host function `() => i32` called when the fuel runs out. */
  importModule: string;
  importName: string;
  /** Loop iterations between two host checks. */
  initialFuel: number;
  /** Export every mutable global the binary defines as `<prefix><index>`. */
  exportMutableGlobals?: string;
  /** Declare this many pages as the imported memory's minimum (its maximum is kept). */
  memoryMinimumPages?: number;
}

export interface FuelInstrumentation {
  bytes: Uint8Array;
  /** Number of loops that got a fuel check. */
  loops: number;
  /** Names of the exported mutable globals (`exportMutableGlobals`), in index order. */
  exportedGlobals: string[];
}

const SECTION = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;

/** Canonical order of the known sections (tag sits between memory and global). */
const SECTION_ORDER: readonly number[] = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];

interface Section {
  id: number;
  payload: Uint8Array;
  offset: number;
}

export function instrumentWasmFuel(
  input: Uint8Array,
  options: FuelInstrumentationOptions,
): FuelInstrumentation {
  const sections = readSections(input);
  const find = (id: number) => sections.find((s) => s.id === id);

  const types = readTypes(find(SECTION.type));
  const imports = readImports(find(SECTION.import), options.memoryMinimumPages);
  const globals = find(SECTION.global);
  const definedGlobals = globals ? new WasmByteReader(globals.payload).u32() : 0;
  const exportedGlobals =
    options.exportMutableGlobals === undefined
      ? []
      : mutableGlobals(globals).map((i) => ({
          name: `${options.exportMutableGlobals}${i}`,
          index: imports.globalImports + i,
        }));

  const refuelType = types.count;
  const refuelFunc = imports.funcImports;
  const fuelGlobal = imports.globalImports + definedGlobals;
  let loops = 0;
  const remap: Remap = {
    func: (index) => (index >= refuelFunc ? index + 1 : index),
    onLoop: (out) => {
      loops++;
      out.byte(OP.globalGet).u32(fuelGlobal).byte(OP.i32Const).s32(1).byte(OP.i32Sub);
      out.byte(OP.globalSet).u32(fuelGlobal).byte(OP.globalGet).u32(fuelGlobal);
      // `fuel < 1` rather than `fuel == 0`: when `refuel` throws, the counter stays at 0, and an
      // instance that is reused after an abort must not count 2^32 iterations before checking.
      out.byte(OP.i32Const).s32(1).byte(OP.i32LtS);
      out.byte(OP.if).byte(0x40).byte(OP.call).u32(refuelFunc);
      out.byte(OP.globalSet).u32(fuelGlobal).byte(OP.end);
    },
  };

  const rewritten = new Map<number, Uint8Array>();
  rewritten.set(
    SECTION.type,
    appendEntry(types.section, types.count, Uint8Array.of(0x60, 0x00, 0x01, 0x7f)),
  );
  const importEntry = new WasmByteWriter()
    .vec(new TextEncoder().encode(options.importModule))
    .vec(new TextEncoder().encode(options.importName))
    .byte(0x00)
    .u32(refuelType)
    .toBytes();
  rewritten.set(SECTION.import, appendEntry(imports.section, imports.count, importEntry));
  const globalEntry = new WasmByteWriter()
    .byte(0x7f)
    .byte(0x01)
    .byte(OP.i32Const)
    .s32(options.initialFuel)
    .byte(OP.end)
    .toBytes();
  rewritten.set(
    SECTION.global,
    appendEntry(rewriteGlobals(globals, remap), definedGlobals, globalEntry),
  );

  for (const section of sections) {
    const r = new WasmByteReader(input, section.offset, section.offset + section.payload.length);
    if (section.id === SECTION.table) checkTables(r);
    if (section.id === SECTION.export)
      rewritten.set(section.id, rewriteExports(r, remap, exportedGlobals));
    if (section.id === SECTION.start)
      rewritten.set(section.id, new WasmByteWriter().u32(remap.func(r.u32())).toBytes());
    if (section.id === SECTION.element) rewritten.set(section.id, rewriteElements(r, remap));
    if (section.id === SECTION.code) rewritten.set(section.id, rewriteCode(r, remap));
  }

  const out = new WasmByteWriter().bytes(input.subarray(0, 8));
  const written = new Set<number>();
  const emit = (id: number, payload: Uint8Array) => {
    out.byte(id).vec(payload);
    written.add(id);
  };
  // Sections this rewrite must create when the input lacks them, in canonical order.
  const rank = (id: number) => SECTION_ORDER.indexOf(id);
  if (!find(SECTION.export) && exportedGlobals.length > 0) {
    const empty = new WasmByteReader(Uint8Array.of(0));
    rewritten.set(SECTION.export, rewriteExports(empty, remap, exportedGlobals));
  }
  const ensure = (beforeRank: number) => {
    for (const id of [SECTION.type, SECTION.import, SECTION.global, SECTION.export]) {
      if (!rewritten.has(id)) continue;
      if (written.has(id) || find(id)) continue;
      if (rank(id) < beforeRank) emit(id, rewritten.get(id)!);
    }
  };
  for (const section of sections) {
    if (section.id === SECTION.custom) {
      if (customName(section.payload) === "name") continue;
      out.byte(section.id).vec(section.payload);
      continue;
    }
    ensure(rank(section.id));
    emit(section.id, rewritten.get(section.id) ?? section.payload);
  }
  ensure(Number.POSITIVE_INFINITY);
  return { bytes: out.toBytes(), loops, exportedGlobals: exportedGlobals.map((g) => g.name) };
}

function readSections(input: Uint8Array): Section[] {
  const r = new WasmByteReader(input);
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  for (const b of magic) if (r.byte() !== b) r.fail("not a WebAssembly 1.0 binary", 0);
  const sections: Section[] = [];
  while (!r.done) {
    const id = r.byte();
    if (id > SECTION.tag) r.fail(`unknown section id ${id}`);
    const size = r.u32();
    const offset = r.pos;
    r.skip(size);
    sections.push({ id, payload: input.subarray(offset, offset + size), offset });
  }
  return sections;
}

function customName(payload: Uint8Array): string {
  const r = new WasmByteReader(payload);
  return new TextDecoder().decode(r.vec());
}

/** A section payload `count, entries…` with one more entry at the end. */
function appendEntry(
  payload: Uint8Array | undefined,
  count: number,
  entry: Uint8Array,
): Uint8Array {
  const out = new WasmByteWriter().u32(count + 1);
  if (payload) {
    const r = new WasmByteReader(payload);
    r.u32();
    out.bytes(payload.subarray(r.pos));
  }
  return out.bytes(entry).toBytes();
}

function readTypes(section: Section | undefined): { section?: Uint8Array; count: number } {
  if (!section) return { count: 0 };
  const r = new WasmByteReader(section.payload);
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    if (r.byte() !== 0x60) r.fail("only function types are supported (no GC / rec groups)");
    for (let list = 0; list < 2; list++) {
      const n = r.u32();
      for (let j = 0; j < n; j++) valtype(r);
    }
  }
  return { section: section.payload, count };
}

/** The import section, with the memory's minimum replaced by `memoryMinimumPages` if given. */
function readImports(
  section: Section | undefined,
  memoryMinimumPages?: number,
): {
  section?: Uint8Array;
  count: number;
  funcImports: number;
  globalImports: number;
} {
  if (!section) return { count: 0, funcImports: 0, globalImports: 0 };
  const r = new WasmByteReader(section.payload);
  const count = r.u32();
  const out = new WasmByteWriter().u32(count);
  let copied = r.pos;
  let funcImports = 0;
  let globalImports = 0;
  for (let i = 0; i < count; i++) {
    r.vec();
    r.vec();
    const kind = r.byte();
    if (kind === 0x00) {
      r.u32();
      funcImports++;
    } else if (kind === 0x01) {
      valtype(r);
      limits(r);
    } else if (kind === 0x02) {
      if (memoryMinimumPages === undefined) {
        limits(r);
        continue;
      }
      out.bytes(section.payload.subarray(copied, r.pos));
      const flags = r.byte();
      if (flags > 0x01) r.fail("shared or 64-bit memories are not supported");
      r.u32();
      out.byte(flags).u32(memoryMinimumPages);
      if (flags & 0x01) out.u32(r.u32());
      copied = r.pos;
    } else if (kind === 0x03) {
      valtype(r);
      r.byte();
      globalImports++;
    } else if (kind === 0x04) {
      r.byte();
      r.u32();
    } else {
      r.fail(`unknown import kind ${kind}`);
    }
  }
  out.bytes(section.payload.subarray(copied));
  return { section: out.toBytes(), count, funcImports, globalImports };
}

function limits(r: WasmByteReader): void {
  const flags = r.byte();
  if (flags > 0x07) r.fail(`unsupported limits flags ${flags}`);
  r.u32();
  if (flags & 0x01) r.u32();
}

function checkTables(r: WasmByteReader): void {
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    if (r.peek() === 0x40) r.fail("tables with initializer expressions are not supported");
    valtype(r);
    limits(r);
  }
}

function rewriteGlobals(section: Section | undefined, remap: Remap): Uint8Array | undefined {
  if (!section) return undefined;
  const r = new WasmByteReader(section.payload);
  const count = r.u32();
  const out = new WasmByteWriter().u32(count);
  for (let i = 0; i < count; i++) {
    out.bytes(section.payload.subarray(r.pos, r.pos + 2));
    valtype(r);
    r.byte();
    rewriteExpr(r, out, remap);
  }
  return out.toBytes();
}

/** Indices (among the defined globals) of the mutable ones. */
function mutableGlobals(section: Section | undefined): number[] {
  if (!section) return [];
  const r = new WasmByteReader(section.payload);
  const count = r.u32();
  const mutable: number[] = [];
  for (let i = 0; i < count; i++) {
    valtype(r);
    if (r.byte() === 0x01) mutable.push(i);
    rewriteExpr(r, new WasmByteWriter(), { func: (index) => index, onLoop: () => {} });
  }
  return mutable;
}

function rewriteExports(
  r: WasmByteReader,
  remap: Remap,
  globals: readonly { name: string; index: number }[],
): Uint8Array {
  const count = r.u32();
  const out = new WasmByteWriter().u32(count + globals.length);
  for (let i = 0; i < count; i++) {
    out.vec(r.vec());
    const kind = r.byte();
    const index = r.u32();
    out.byte(kind).u32(kind === 0x00 ? remap.func(index) : index);
  }
  for (const global of globals)
    out.vec(new TextEncoder().encode(global.name)).byte(0x03).u32(global.index);
  return out.toBytes();
}

function rewriteElements(r: WasmByteReader, remap: Remap): Uint8Array {
  const count = r.u32();
  const out = new WasmByteWriter().u32(count);
  for (let i = 0; i < count; i++) {
    const flags = r.u32();
    if (flags > 7) r.fail(`unknown element segment flags ${flags}`);
    out.u32(flags);
    const explicitTable = (flags & 0x02) !== 0 && (flags & 0x01) === 0;
    const active = (flags & 0x01) === 0;
    const usesExprs = (flags & 0x04) !== 0;
    if (explicitTable) out.u32(r.u32());
    if (active) rewriteExpr(r, out, remap);
    if (flags & 0x03) {
      // passive / declarative / explicit-table segments carry an element kind or reference type
      const kind = r.byte();
      out.byte(kind);
    }
    const n = r.u32();
    out.u32(n);
    for (let j = 0; j < n; j++) {
      if (usesExprs) rewriteExpr(r, out, remap);
      else out.u32(remap.func(r.u32()));
    }
  }
  return out.toBytes();
}

function rewriteCode(r: WasmByteReader, remap: Remap): Uint8Array {
  const count = r.u32();
  const out = new WasmByteWriter().u32(count);
  for (let i = 0; i < count; i++) {
    const size = r.u32();
    const end = r.pos + size;
    const body = new WasmByteReader(r.bytes, r.pos, end);
    const bodyOut = new WasmByteWriter();
    const localStart = body.pos;
    const groups = body.u32();
    for (let g = 0; g < groups; g++) {
      body.u32();
      valtype(body);
    }
    bodyOut.bytes(r.bytes.subarray(localStart, body.pos));
    rewriteExpr(body, bodyOut, remap);
    if (!body.done) body.fail("function body continues after its final end");
    out.vec(bodyOut.toBytes());
    r.pos = end;
  }
  return out.toBytes();
}
