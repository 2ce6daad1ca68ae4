import { describe, expect, it } from "vitest";
import { GemmArgumentError } from "../gemm-argument-error.js";
import type { GemmParams, MatmulKernel } from "../kernel.js";
import { sgemmBatch } from "../sgemm-batch.js";
import { referenceSgemm } from "./reference-sgemm.js";

/** Deterministic values in [-1, 1) (a fixed LCG, so failures reproduce). */
function filled(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/**
 * `length` elements viewed `offset` elements into a larger buffer whose elements around the
 * view hold a sentinel, so a kernel that ignores the byte offset or writes past the end shows.
 */
function view(values: Float32Array, offset: number): { view: Float32Array; whole: Float32Array } {
  const whole = new Float32Array(offset + values.length + 5).fill(SENTINEL);
  whole.set(values, offset);
  return { view: whole.subarray(offset, offset + values.length), whole };
}

const SENTINEL = 12345.5;

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  alpha: number;
  beta: number;
  offset: number;
}

function runCase(kernel: MatmulKernel, kase: Case, seed: number): void {
  const { m, n, k, transA, transB, alpha, beta, offset } = kase;
  const a = view(filled(m * k, seed), offset);
  const b = view(filled(k * n, seed + 1), offset + 1);
  const initialC = beta === 0 ? new Float32Array(m * n).fill(Number.NaN) : filled(m * n, seed + 2);
  const c = view(initialC, offset + 2);
  const params: GemmParams = {
    a: a.view,
    b: b.view,
    c: c.view,
    m,
    n,
    k,
    transA,
    transB,
    alpha,
    beta,
  };
  const { value, bound } = referenceSgemm({ ...params, c: initialC });
  kernel.sgemm(params);
  for (let i = 0; i < m * n; i++) {
    const error = Math.abs(c.view[i] - value[i]);
    if (!(error <= bound[i])) {
      expect.fail(
        `${JSON.stringify(kase)}: C[${Math.floor(i / n)},${i % n}] = ${c.view[i]}, ` +
          `reference ${value[i]} (bound ${bound[i]})`,
      );
    }
  }
  // Nothing outside C's view was written, and A, B were not (plain loops: vitest's deep
  // equality on typed arrays costs more than the products).
  const outsideC = [...c.whole.subarray(0, offset + 2), ...c.whole.subarray(offset + 2 + m * n)];
  expect(outsideC.every((x) => x === SENTINEL)).toBe(true);
  expect(
    sameValues(a.view, filled(m * k, seed)) && sameValues(b.view, filled(k * n, seed + 1)),
  ).toBe(true);
}

function sameValues(x: Float32Array, y: Float32Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

// Odd sizes around the kernels' tiles (4×4, 4×8, native 8×32, 6×16, 4×8) and blocks (MC 64 or
// 128 rows, KC 128 or 256 deep, NC 512 columns, packing from 256 rows or columns), kept small
// so the float64 reference stays quick. The last three pass 64³ multiply-adds, from which the
// native kernel splits a product over threads (by columns, by rows, by columns past NC).
const SHAPES: ReadonlyArray<readonly [number, number, number]> = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 4, 4],
  [17, 3, 129],
  [129, 17, 33],
  [1, 130, 64],
  [66, 1, 9],
  [9, 7, 300], // k spans two k-blocks
  [70, 530, 3], // n spans two blocks; wasm packs A
  [136, 20, 260], // m past 2·MC and k past KC: split over threads, strided A and B
  [260, 9, 5], // wasm packs B
  [130, 260, 3], // wasm packs A, split over threads
  [100, 200, 41],
  [75, 40, 300],
  [13, 1100, 70],
];

/** Defines the tests every MatmulKernel must pass, compared with a float64 reference. */
export function describeKernelConformance(kernel: MatmulKernel, variant = ""): void {
  describe(`${kernel.name} kernel conformance ${variant}`.trim(), () => {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`matches the float64 reference, transA=${transA} transB=${transB}`, () => {
          let seed = 1;
          for (const [m, n, k] of SHAPES) {
            for (const [alpha, beta] of [
              [1, 0],
              [-0.5, 1],
              [2, 0.25],
            ] as const) {
              const offset = seed % 3;
              runCase(kernel, { m, n, k, transA, transB, alpha, beta, offset }, seed);
              seed += 3;
            }
          }
        });
      }
    }

    it("overwrites a NaN-filled C when beta is 0 (the default)", () => {
      const a = filled(6, 1);
      const b = filled(6, 2);
      const c = new Float32Array(4).fill(Number.NaN);
      kernel.sgemm({ a, b, c, m: 2, n: 2, k: 3 });
      expect(c.every(Number.isFinite)).toBe(true);
    });

    it("scales C by beta, reading neither A nor B, when k = 0 or alpha = 0", () => {
      const c = new Float32Array([1, 2, 3, 4]);
      kernel.sgemm({
        a: new Float32Array(0),
        b: new Float32Array(0),
        c,
        m: 2,
        n: 2,
        k: 0,
        beta: 0.5,
      });
      expect(Array.from(c)).toEqual([0.5, 1, 1.5, 2]);
      const nan = new Float32Array(6).fill(Number.NaN);
      kernel.sgemm({ a: nan, b: nan.slice(), c, m: 2, n: 2, k: 3, alpha: 0, beta: 2 });
      expect(Array.from(c)).toEqual([1, 2, 3, 4]);
      kernel.sgemm({ a: nan, b: nan.slice(), c, m: 2, n: 2, k: 3, alpha: 0, beta: 0 });
      expect(Array.from(c)).toEqual([0, 0, 0, 0]);
    });

    it("does nothing when m or n is 0", () => {
      const c = new Float32Array([7]);
      kernel.sgemm({ a: new Float32Array(0), b: new Float32Array(3), c, m: 0, n: 1, k: 3 });
      kernel.sgemm({ a: new Float32Array(3), b: new Float32Array(0), c, m: 1, n: 0, k: 3 });
      expect(c[0]).toBe(7);
    });

    it("rejects buffers too short for their shapes, naming the argument", () => {
      const ok = new Float32Array(12);
      const short = new Float32Array(11);
      const call = (a: Float32Array, b: Float32Array, c: Float32Array) =>
        kernel.sgemm({ a, b, c, m: 3, n: 4, k: 4, transA: true });
      expect(() => call(short, ok.slice(0, 16), ok)).toThrow(
        /a has 11 elements, but op\(A\) = Aᵀ with A stored 4×3 needs 12/,
      );
      expect(() => call(ok, new Float32Array(15), new Float32Array(12))).toThrow(
        /b has 15 elements.*needs 16/,
      );
      expect(() => call(ok, new Float32Array(16), short)).toThrow(GemmArgumentError);
    });

    it("rejects non-integer dimensions and a C that overlaps A", () => {
      const x = new Float32Array(16);
      expect(() =>
        kernel.sgemm({ a: x, b: x, c: new Float32Array(4), m: 2, n: 2, k: 1.5 }),
      ).toThrow(/k must be an integer/);
      expect(() =>
        kernel.sgemm({
          a: x.subarray(0, 4),
          b: new Float32Array(4),
          c: x.subarray(2, 6),
          m: 2,
          n: 2,
          k: 2,
        }),
      ).toThrow(/c overlaps a/);
    });

    // Attention's per-head products: items padded apart, as views of one buffer each.
    it("computes a batch of products as sgemm computes each one (sgemmBatch)", () => {
      for (const [m, n, k, transA, count] of [
        [33, 33, 8, false, 5],
        [33, 8, 33, true, 7],
        [96, 96, 32, false, 8], // past the native kernel's threshold for sharing out items
        [1, 1, 1, false, 1],
      ] as const) {
        const strideA = m * k + 3;
        const strideB = k * n + 1;
        const strideC = m * n + 2;
        const a = filled(count * strideA, m);
        const b = filled(count * strideB, n);
        const batched = new Float32Array(count * strideC).fill(SENTINEL);
        const looped = batched.slice();
        const params = { m, n, k, transA, alpha: 0.5, beta: 0, count, strideA, strideB, strideC };
        sgemmBatch(kernel, { a, b, c: batched, ...params });
        for (let i = 0; i < count; i++) {
          kernel.sgemm({
            a: a.subarray(i * strideA, i * strideA + m * k),
            b: b.subarray(i * strideB, i * strideB + k * n),
            c: looped.subarray(i * strideC, i * strideC + m * n),
            ...{ m, n, k, transA, alpha: 0.5, beta: 0 },
          });
        }
        expect(sameValues(batched, looped)).toBe(true);
        const item = count - 1;
        const { value, bound } = referenceSgemm({
          a: a.subarray(item * strideA, item * strideA + m * k),
          b: b.subarray(item * strideB, item * strideB + k * n),
          c: new Float32Array(m * n),
          ...{ m, n, k, transA, alpha: 0.5, beta: 0 },
        });
        const c = batched.subarray(item * strideC);
        expect(value.every((v, i) => Math.abs(c[i] - v) <= bound[i])).toBe(true);
      }
    });

    it("rejects a batch whose buffers are short or whose products would share C", () => {
      const x = new Float32Array(64);
      const batch = { a: x, b: x.slice(), m: 2, n: 2, k: 2, strideA: 4, strideB: 4 };
      expect(() =>
        sgemmBatch(kernel, { ...batch, c: new Float32Array(64), count: 3, strideC: 3 }),
      ).toThrow(/products would share C/);
      expect(() =>
        sgemmBatch(kernel, { ...batch, c: new Float32Array(11), count: 3, strideC: 4 }),
      ).toThrow(/c has 11 elements, but 3 products 4 apart need 12/);
      expect(() =>
        sgemmBatch(kernel, { ...batch, c: new Float32Array(64), count: 17, strideC: 4 }),
      ).toThrow(GemmArgumentError);
    });
  });
}
