import type { WasmByteReader } from "./wasm-byte-reader.js";
import type { WasmByteWriter } from "./wasm-byte-writer.js";

/**
 * The instruction-level half of instrument-wasm-fuel.ts: a decoder that knows the immediates of
 * every opcode of WebAssembly 1.0 plus sign extension, saturating truncation, bulk memory,
 * reference types, tail calls and legacy exceptions, and copies code while renumbering function
 * indices and inserting the fuel check after each `loop` header. Anything else (SIMD, atomics,
 * GC, new exception handling) throws `WasmInstrumentationError`: guessing an immediate's length
 * would silently corrupt everything after it.
 */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  try: 0x06,
  end: 0x0b,
  call: 0x10,
  returnCall: 0x12,
  refFunc: 0xd2,
  i32Const: 0x41,
  i32Sub: 0x6b,
  i32LtS: 0x48,
  globalGet: 0x23,
  globalSet: 0x24,
} as const;

/** Single-byte value types: i32 i64 f32 f64 v128 funcref externref. */
export const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

export interface Remap {
  func: (index: number) => number;
  /** Called right after a `loop` header has been written; writes the fuel check. */
  onLoop: (out: WasmByteWriter) => void;
}

export function valtype(r: WasmByteReader): void {
  const t = r.byte();
  if (!VALTYPES.has(t)) r.fail(`unsupported value type 0x${t.toString(16)}`, r.pos - 1);
}

/** Copies one expression up to and including its final `end`, rewriting as it goes. */
export function rewriteExpr(r: WasmByteReader, out: WasmByteWriter, remap: Remap): void {
  let depth = 0;
  for (;;) {
    const start = r.pos;
    const op = r.byte();
    switch (op) {
      case OP.block:
      case OP.if:
      case OP.try:
        blocktype(r);
        depth++;
        break;
      case OP.loop:
        blocktype(r);
        depth++;
        out.bytes(r.bytes.subarray(start, r.pos));
        remap.onLoop(out);
        continue;
      case 0x18: // delegate closes a legacy `try` like `end` does
        r.u32();
        depth--;
        break;
      case OP.end:
        if (depth === 0) {
          out.byte(op);
          return;
        }
        depth--;
        break;
      case OP.call:
      case OP.returnCall:
      case OP.refFunc:
        out.byte(op).u32(remap.func(r.u32()));
        continue;
      default:
        skipImmediates(r, op, start);
    }
    out.bytes(r.bytes.subarray(start, r.pos));
  }
}

function blocktype(r: WasmByteReader): void {
  const t = r.peek();
  if (t === 0x40 || VALTYPES.has(t)) r.byte();
  else r.skipLeb();
}

function skipImmediates(r: WasmByteReader, op: number, start: number): void {
  if (op <= 0x01 || op === 0x05 || op === 0x0f || op === 0x19 || op === 0x1a || op === 0x1b) return;
  if (op >= 0x45 && op <= 0xc4) return; // numeric instructions, sign extension included
  if (op === 0xd1) return; // ref.is_null
  switch (op) {
    case 0x07: // catch (legacy exceptions)
    case 0x08: // throw
    case 0x09: // rethrow
    case 0x0c: // br
    case 0x0d: // br_if
    case 0x20: // local.get
    case 0x21: // local.set
    case 0x22: // local.tee
    case 0x23: // global.get
    case 0x24: // global.set
    case 0x25: // table.get
    case 0x26: // table.set
    case 0x3f: // memory.size
    case 0x40: // memory.grow
      r.u32();
      return;
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return;
    }
    case 0x11: // call_indirect
    case 0x13: // return_call_indirect
      r.u32();
      r.u32();
      return;
    case 0x1c: {
      const n = r.u32();
      for (let i = 0; i < n; i++) valtype(r);
      return;
    }
    case 0x41:
    case 0x42:
      r.skipLeb();
      return;
    case 0x43:
      r.skip(4);
      return;
    case 0x44:
      r.skip(8);
      return;
    case 0xd0:
      blocktype(r); // a heap type: one byte or an s33 type index, like a block type
      return;
    case 0xfc:
      skipPrefixed(r, start);
      return;
  }
  if (op >= 0x28 && op <= 0x3e) {
    const align = r.u32();
    if (align & 0x40) r.u32(); // multi-memory index
    r.skipLeb();
    return;
  }
  r.fail(`unsupported opcode 0x${op.toString(16)}`, start);
}

/** The 0xFC prefix: saturating truncation, bulk memory and table instructions. */
function skipPrefixed(r: WasmByteReader, start: number): void {
  const sub = r.u32();
  if (sub <= 7) return;
  const immediates: Record<number, number> = {
    8: 2, // memory.init data mem
    9: 1, // data.drop
    10: 2, // memory.copy
    11: 1, // memory.fill
    12: 2, // table.init
    13: 1, // elem.drop
    14: 2, // table.copy
    15: 1, // table.grow
    16: 1, // table.size
    17: 1, // table.fill
  };
  const n = immediates[sub];
  if (n === undefined) r.fail(`unsupported 0xfc opcode ${sub}`, start);
  for (let i = 0; i < n; i++) r.u32();
}
