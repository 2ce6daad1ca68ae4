import { describe, it } from "vitest";
import { Arena } from "../arena.js";
import { expectClose } from "../test-helpers/expect-close.js";
import { dot, numericGrad, randomValues } from "../test-helpers/grad-check.js";
import { f32In } from "../test-helpers/in-arena.js";
import { layernormBackward, layernormForward } from "./layernorm.js";

const N = 5;
const C = 12;

/** float64 reference: (x − mean) / sqrt(var + 1e-5) · w + b per row */
function reference(x: Float64Array, w: Float64Array, b: Float64Array): Float64Array {
  const y = new Float64Array(N * C);
  for (let n = 0; n < N; n++) {
    const row = x.subarray(n * C, (n + 1) * C);
    const m = row.reduce((s, v) => s + v, 0) / C;
    const v = row.reduce((s, u) => s + (u - m) ** 2, 0) / C;
    for (let c = 0; c < C; c++) y[n * C + c] = ((row[c] - m) / Math.sqrt(v + 1e-5)) * w[c] + b[c];
  }
  return y;
}

describe("layernorm", () => {
  it("forward matches the reference and backward matches finite differences", () => {
    const arena = new Arena();
    const { wasm } = arena;
    const x = randomValues(1, N * C, 2);
    for (let i = 0; i < x.length; i++) x[i] += 3; // a large mean tests the two-pass variance
    const w = randomValues(2, C, 1);
    const b = randomValues(3, C, 1);
    const r = randomValues(4, N * C);
    const out = f32In(arena, N * C);
    const mean = f32In(arena, N);
    const rstd = f32In(arena, N);
    const args = { wasm, inp: f32In(arena, x), weight: f32In(arena, w), N, C };
    layernormForward({ ...args, bias: f32In(arena, b), out, mean, rstd });
    expectClose(out, reference(x, w, b), { label: "out" });

    const dinp = f32In(arena, N * C).fill(0.5); // accumulates: starts non-zero on purpose
    const dweight = f32In(arena, C);
    const dbias = f32In(arena, C);
    layernormBackward({ ...args, dinp, dweight, dbias, dout: f32In(arena, r), mean, rstd });
    const dx = numericGrad((v) => dot(r, reference(v, w, b)), x);
    expectClose(
      dinp.map((v) => v - 0.5),
      dx,
      { atol: 1e-5, label: "dinp" },
    );
    expectClose(
      dweight,
      numericGrad((v) => dot(r, reference(x, v, b)), w),
      { atol: 1e-5, label: "dw" },
    );
    expectClose(
      dbias,
      numericGrad((v) => dot(r, reference(x, w, v)), b),
      { atol: 1e-5, label: "db" },
    );
  });
});
