/**
 * Just enough of the WebAssembly binary format to hand-assemble the SIMD micro-kernel in
 * wasm-sgemm-module.ts, so it needs no toolchain, build step or .wasm file to ship.
 * Spec: https://webassembly.github.io/spec/core/binary/ (SIMD opcodes: the 0xfd prefix).
 */

export type Bytes = readonly number[];

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A vector: its length, then its items. */
export function vec(items: readonly Bytes[]): Bytes {
  return [...uleb(items.length), ...items.flat()];
}

export function section(id: number, body: Bytes): Bytes {
  return [id, ...uleb(body.length), ...body];
}

export function name(text: string): Bytes {
  return vec([...new TextEncoder().encode(text)].map((byte) => [byte]));
}

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export const EMPTY_BLOCK = 0x40;

export const op = {
  block: [0x02, EMPTY_BLOCK],
  loop: [0x03, EMPTY_BLOCK],
  end: [0x0b],
  /** Branch to the innermost enclosing label (a loop: its start) when the top is non-zero. */
  brIfInner: [0x0d, 0x00],
  localGet: (index: number): Bytes => [0x20, ...uleb(index)],
  localSet: (index: number): Bytes => [0x21, ...uleb(index)],
  localTee: (index: number): Bytes => [0x22, ...uleb(index)],
  i32Const: (value: number): Bytes => [0x41, ...sleb(value)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32LtU: [0x49],
  /** v128.load with a 16-byte alignment hint and a constant byte offset. */
  v128Load: (offset: number): Bytes => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  v128Store: (offset: number): Bytes => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  /** Loads one f32 and splats it to all four lanes. */
  v128Load32Splat: (offset: number): Bytes => [0xfd, ...uleb(0x09), 2, ...uleb(offset)],
  v128Zero: [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)],
  f32x4Splat: [0xfd, ...uleb(0x13)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
} as const;
