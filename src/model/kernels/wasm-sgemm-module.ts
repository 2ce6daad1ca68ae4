import { type Bytes, I32, name, op, section, uleb, V128, vec } from "./wasm-encoding.js";

/** Rows of C per SIMD tile. 4×8 measured fastest (6×8 and 8×8 spill registers in V8). */
export const WASM_MR = 4;
/** Columns of C per SIMD tile: two f32x4 vectors. */
export const WASM_NR = 8;

export interface WasmSgemmModuleOptions {
  /**
   * Import a shared memory of at most this many 64 KiB pages, so worker threads can run the
   * same module on the same memory; default: an ordinary memory.
   */
  readonly sharedMaxPages?: number;
}

/**
 * A WebAssembly module exporting one function over an imported memory `env.memory`:
 *
 *   block(ap, bp, cp, mPanels, nPanels, kc, ldc)      (all addresses and ldc in bytes)
 *
 * For every panel pair, C[4 rows × 8 cols] += Apanel · Bpanel over kc, where A panels are
 * packed by `packA` with mr = 4 (kc·16 bytes apart from `ap`), B panels by `packB` with nr = 8
 * (kc·32 bytes apart from `bp`), and tile (i, j) of C starts at cp + 4i·ldc + 32j. The eight
 * accumulators are f32x4 locals, so V8 keeps them in vector registers.
 */
export function wasmSgemmModule(options: WasmSgemmModuleOptions = {}): Uint8Array {
  const { sharedMaxPages } = options;
  const [ap, bp, cp, mPanels, nPanels, kc, ldc] = [0, 1, 2, 3, 4, 5, 6];
  const [jp, ip, a, b, end, c, bPanel] = [7, 8, 9, 10, 11, 12, 13];
  const acc = (row: number, half: number) => 14 + 2 * row + half; // 8 f32x4 accumulators
  const [b0, b1, x] = [22, 23, 24];

  const code: number[] = [];
  const emit = (...parts: Bytes[]) => {
    for (const part of parts) code.push(...part);
  };
  const { localGet: get, localSet: set, localTee: tee, i32Const: i32 } = op;

  emit(i32(0), set(jp), get(bp), set(bPanel));
  emit(op.block, op.loop); // for jp < nPanels
  emit(i32(0), set(ip), get(ap), set(a));
  emit(op.block, op.loop); // for ip < mPanels
  for (let r = 0; r < WASM_MR; r++) emit(op.v128Zero, set(acc(r, 0)), op.v128Zero, set(acc(r, 1)));
  emit(get(bPanel), set(b), get(a), get(kc), i32(16), op.i32Mul, op.i32Add, set(end));
  emit(op.loop); // for p < kc: a rank-1 update of the 4×8 tile
  emit(get(b), op.v128Load(0), set(b0), get(b), op.v128Load(16), set(b1));
  for (let r = 0; r < WASM_MR; r++) {
    emit(get(a), op.v128Load32Splat(4 * r), set(x));
    emit(get(acc(r, 0)), get(x), get(b0), op.f32x4Mul, op.f32x4Add, set(acc(r, 0)));
    emit(get(acc(r, 1)), get(x), get(b1), op.f32x4Mul, op.f32x4Add, set(acc(r, 1)));
  }
  emit(get(b), i32(32), op.i32Add, set(b));
  emit(get(a), i32(16), op.i32Add, tee(a), get(end), op.i32LtU, op.brIfInner);
  emit(op.end);
  // c = cp + ip·4·ldc + jp·32; C tile += accumulators, row by row
  emit(get(cp), get(ip), i32(4), op.i32Mul, get(ldc), op.i32Mul, op.i32Add);
  emit(get(jp), i32(32), op.i32Mul, op.i32Add, set(c));
  for (let r = 0; r < WASM_MR; r++) {
    emit(get(c), get(c), op.v128Load(0), get(acc(r, 0)), op.f32x4Add, op.v128Store(0));
    emit(get(c), get(c), op.v128Load(16), get(acc(r, 1)), op.f32x4Add, op.v128Store(16));
    if (r < WASM_MR - 1) emit(get(c), get(ldc), op.i32Add, set(c));
  }
  emit(get(ip), i32(1), op.i32Add, tee(ip), get(mPanels), op.i32LtU, op.brIfInner);
  emit(op.end, op.end);
  emit(get(bPanel), get(kc), i32(32), op.i32Mul, op.i32Add, set(bPanel));
  emit(get(jp), i32(1), op.i32Add, tee(jp), get(nPanels), op.i32LtU, op.brIfInner);
  emit(op.end, op.end, op.end); // loop, block, function

  const locals = vec([
    [...uleb(7), I32],
    [...uleb(2 * WASM_MR + 3), V128],
  ]);
  const body = [...locals, ...code];
  const memoryLimits =
    sharedMaxPages === undefined ? [0x00, ...uleb(1)] : [0x03, ...uleb(1), ...uleb(sharedMaxPages)];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vec([[0x60, ...vec(new Array(7).fill([I32])), ...vec([])]])), // (i32×7) → ()
    ...section(2, vec([[...name("env"), ...name("memory"), 0x02, ...memoryLimits]])),
    ...section(3, vec([uleb(0)])), // one function, of type 0
    ...section(7, vec([[...name("block"), 0x00, ...uleb(0)]])), // export it
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}
