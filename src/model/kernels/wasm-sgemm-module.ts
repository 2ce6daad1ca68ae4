import { type Bytes, F32, I32, name, op, section, uleb, V128, vec } from "./wasm-encoding.js";

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
 *   block(ap, aStepP, aStepR, aPanel, bp, bStepP, bPanel, cp, ldc, mPanels, nPanels, kc, alpha)
 *
 * For each of mPanels × nPanels tiles, C[4 rows × 8 cols] += alpha · A[4 × kc] · B[kc × 8].
 * Every address and step is in bytes. Element (r, p) of row panel i of A is at
 * ap + i·aPanel + r·aStepR + p·aStepP; the 8 values of row p of column panel j of B are
 * contiguous at bp + j·bPanel + p·bStepP; tile (i, j) of C starts at cp + 4i·ldc + 32j.
 * Steps let the caller hand A and B over as they are stored (either transpose of A, B not
 * transposed) and pack only what pays. The eight accumulators are f32x4 locals, so V8 keeps
 * them in vector registers.
 *
 *   blockPacked(…same arguments…)   the same, for A packed by `packA` with mr = 4
 */
export function wasmSgemmModule(options: WasmSgemmModuleOptions = {}): Uint8Array {
  const { sharedMaxPages } = options;
  const strided = blockBody(false);
  const packed = blockBody(true);
  const params = [...new Array<Bytes>(12).fill([I32]), [F32]];
  const memoryLimits =
    sharedMaxPages === undefined ? [0x00, ...uleb(1)] : [0x03, ...uleb(1), ...uleb(sharedMaxPages)];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vec([[0x60, ...vec(params), ...vec([])]])), // (i32×12, f32) → ()
    ...section(2, vec([[...name("env"), ...name("memory"), 0x02, ...memoryLimits]])),
    ...section(3, vec([uleb(0), uleb(0)])), // two functions, both of type 0
    ...section(
      7,
      vec([
        [...name("block"), 0x00, ...uleb(0)],
        [...name("blockPacked"), 0x00, ...uleb(1)],
      ]),
    ),
    ...section(
      10,
      vec([
        [...uleb(strided.length), ...strided],
        [...uleb(packed.length), ...packed],
      ]),
    ),
  ]);
}

/**
 * The code of `block`, or of `blockPacked` when `packedA`: then A's panels are as `packA`
 * lays them out (aStepR = 4, aStepP = 16, ignored), so one pointer and constant offsets
 * address the four rows, which measured ~10% faster than four strided pointers.
 */
function blockBody(packedA: boolean): Bytes {
  // Parameters
  const [ap, aStepP, aStepR, aPanel, bp, bStepP, bPanel] = [0, 1, 2, 3, 4, 5, 6];
  const [cp, ldc, mPanels, nPanels, kc, alpha] = [7, 8, 9, 10, 11, 12];
  // i32 locals
  const [jp, ip, aRows, bCols, end, b, c] = [13, 14, 15, 16, 17, 18, 19];
  const aPtr = (r: number) => 20 + r; // row r's pointer, advanced by aStepP (only aPtr(0) if packed)
  // v128 locals
  const acc = (r: number, half: number) => 24 + 2 * r + half; // 8 f32x4 accumulators
  const [b0, b1, x, alphas] = [32, 33, 34, 35];

  const code: number[] = [];
  const emit = (...parts: Bytes[]) => {
    for (const part of parts) code.push(...part);
  };
  const { localGet: get, localSet: set, localTee: tee, i32Const: i32 } = op;

  emit(get(alpha), op.f32x4Splat, set(alphas));
  emit(i32(0), set(jp), get(bp), set(bCols));
  emit(op.block, op.loop); // for jp < nPanels
  emit(i32(0), set(ip), get(ap), set(aRows));
  emit(op.block, op.loop); // for ip < mPanels
  for (let r = 0; r < WASM_MR; r++) {
    emit(op.v128Zero, set(acc(r, 0)), op.v128Zero, set(acc(r, 1)));
    if (!packedA) emit(get(aRows), get(aStepR), i32(r), op.i32Mul, op.i32Add, set(aPtr(r)));
  }
  if (packedA) emit(get(aRows), set(aPtr(0)));
  // The loop ends when row 0's pointer reaches `end`: measured 5% faster than a down-counter.
  emit(get(bCols), set(b), get(aRows), get(kc), packedA ? i32(4 * WASM_MR) : get(aStepP));
  emit(op.i32Mul, op.i32Add, set(end));
  emit(op.loop); // for each p < kc: a rank-1 update of the 4×8 tile
  emit(get(b), op.v128Load(0), set(b0), get(b), op.v128Load(16), set(b1));
  for (let r = 0; r < WASM_MR; r++) {
    if (packedA) emit(get(aPtr(0)), op.v128Load32Splat(4 * r), set(x));
    else emit(get(aPtr(r)), op.v128Load32Splat(0), set(x));
    emit(get(acc(r, 0)), get(x), get(b0), op.f32x4Mul, op.f32x4Add, set(acc(r, 0)));
    emit(get(acc(r, 1)), get(x), get(b1), op.f32x4Mul, op.f32x4Add, set(acc(r, 1)));
    if (!packedA) emit(get(aPtr(r)), get(aStepP), op.i32Add, set(aPtr(r)));
  }
  if (packedA) emit(get(aPtr(0)), i32(4 * WASM_MR), op.i32Add, set(aPtr(0)));
  emit(get(b), get(bStepP), op.i32Add, set(b));
  emit(get(aPtr(0)), get(end), op.i32LtU, op.brIfInner);
  emit(op.end);
  // c = cp + ip·4·ldc + jp·32; C tile += alpha · accumulators, row by row
  emit(get(cp), get(ip), i32(4), op.i32Mul, get(ldc), op.i32Mul, op.i32Add);
  emit(get(jp), i32(32), op.i32Mul, op.i32Add, set(c));
  for (let r = 0; r < WASM_MR; r++) {
    for (const half of [0, 1]) {
      emit(get(c), get(c), op.v128Load(16 * half), get(acc(r, half)), get(alphas), op.f32x4Mul);
      emit(op.f32x4Add, op.v128Store(16 * half));
    }
    if (r < WASM_MR - 1) emit(get(c), get(ldc), op.i32Add, set(c));
  }
  emit(get(aRows), get(aPanel), op.i32Add, set(aRows));
  emit(get(ip), i32(1), op.i32Add, tee(ip), get(mPanels), op.i32LtU, op.brIfInner);
  emit(op.end, op.end);
  emit(get(bCols), get(bPanel), op.i32Add, set(bCols));
  emit(get(jp), i32(1), op.i32Add, tee(jp), get(nPanels), op.i32LtU, op.brIfInner);
  emit(op.end, op.end, op.end); // loop, block, function

  const locals = vec([
    [...uleb(7 + WASM_MR), I32],
    [...uleb(2 * WASM_MR + 4), V128],
  ]);
  return [...locals, ...code];
}
