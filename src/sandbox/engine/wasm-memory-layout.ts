import { EngineSetupError } from "../errors/engine-setup-error.js";
import { WasmByteReader } from "./wasm-byte-reader.js";

/**
 * Where an emscripten build keeps its state in linear memory, read from the binary. Linked with
 * wasm-ld's default layout, memory holds, in order: static data and BSS, the C stack (growing
 * down from `heapBase`), then the malloc heap up to the `sbrk` break. Between two calls into the
 * module the stack is empty, so everything the C side knows lives in `[0, stackLow)` (globals,
 * malloc's bookkeeping) and `[heapBase, break)` (the heap): that is what an engine image saves.
 */
export interface WasmMemoryLayout {
  /** Lowest address of the C stack's region: static data and BSS end here. */
  stackLow: number;
  /** Initial stack pointer, the top of the stack's region and the start of the heap. */
  heapBase: number;
  /** Address of emscripten's `sbrk` break (a 32-bit word in static data). */
  breakAddress: number;
}

/**
 * quickjs-emscripten links every variant with `-s STACK_SIZE=5MB` (templates/Variant.mk), which
 * emscripten reads as 5 MiB. The binary does not record it; it is checked below against the end of
 * the static data, which the stack's region must lie above.
 */
export const QUICKJS_STACK_BYTES = 5 << 20;

/** The layout of the (uninstrumented) QuickJS binary `bytes`; EngineSetupError if it is not one. */
export function readWasmMemoryLayout(bytes: Uint8Array): WasmMemoryLayout {
  let heapBase: number | undefined;
  const segments: { offset: number; data: Uint8Array }[] = [];
  const r = new WasmByteReader(bytes, 8);
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 6) heapBase = firstMutableI32Global(new WasmByteReader(bytes, r.pos, end));
    if (id === 11) segments.push(...activeSegments(new WasmByteReader(bytes, r.pos, end)));
    r.pos = end;
  }
  if (heapBase === undefined) throw new EngineSetupError("the binary defines no stack pointer");
  const dataEnd = Math.max(0, ...segments.map((s) => s.offset + s.data.length));
  const stackLow = heapBase - QUICKJS_STACK_BYTES;
  if (stackLow < dataEnd || stackLow % 16 !== 0) {
    throw new EngineSetupError(
      `unexpected memory layout (stack pointer ${heapBase}, static data up to ${dataEnd})`,
    );
  }
  // emscripten's sbrk.c: `static uintptr_t sbrk_val = (uintptr_t)&__heap_base;` — the one word of
  // static data that starts out pointing at the heap's base.
  const breaks: number[] = [];
  for (const { offset, data } of segments) {
    const padded = new Uint8Array(data.length + 3);
    padded.set(data);
    const view = new DataView(padded.buffer);
    for (let i = (4 - (offset % 4)) % 4; i < data.length; i += 4) {
      if (view.getUint32(i, true) === heapBase) breaks.push(offset + i);
    }
  }
  if (breaks.length !== 1) {
    throw new EngineSetupError(`expected one sbrk break pointer, found ${breaks.length}`);
  }
  return { stackLow, heapBase, breakAddress: breaks[0] };
}

function firstMutableI32Global(r: WasmByteReader): number | undefined {
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const type = r.byte();
    const mutable = r.byte() === 0x01;
    const op = r.byte();
    if (op !== 0x41) return undefined; // anything but i32.const: not an emscripten stack pointer
    const value = r.s32();
    if (r.byte() !== 0x0b) return undefined;
    if (type === 0x7f && mutable) return value >>> 0;
  }
  return undefined;
}

function activeSegments(r: WasmByteReader): { offset: number; data: Uint8Array }[] {
  const count = r.u32();
  const segments: { offset: number; data: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const flags = r.u32();
    if (flags === 1) {
      r.vec();
      continue;
    }
    if (flags === 2) r.u32();
    if (flags > 2 || r.byte() !== 0x41) r.fail("data segment without a constant offset");
    const offset = r.s32() >>> 0;
    if (r.byte() !== 0x0b) r.fail("data segment offset is not a single constant");
    segments.push({ offset, data: r.vec() });
  }
  return segments;
}
