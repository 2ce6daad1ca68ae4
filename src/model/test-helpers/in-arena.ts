import type { Arena } from "../arena.js";

/** A float32 copy of `values` in `arena`, where the WebAssembly kernels can reach it. */
export function f32In(arena: Arena, values: ArrayLike<number> | number): Float32Array {
  if (typeof values === "number") return arena.f32(values);
  const out = arena.f32(values.length);
  out.set(values);
  return out;
}

/** An int32 copy of `values` in `arena`. */
export function i32In(arena: Arena, values: ArrayLike<number>): Int32Array {
  const out = arena.i32(values.length);
  out.set(values);
  return out;
}

/** A 0/1 byte copy of `values` in `arena`. */
export function u8In(arena: Arena, values: ArrayLike<number>): Uint8Array {
  const out = arena.u8(values.length);
  out.set(values);
  return out;
}

/** The bytes of a view (not of the whole memory behind it), for bit-exact comparisons. */
export function bytesOf(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}
