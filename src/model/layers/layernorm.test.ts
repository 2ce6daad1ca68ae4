import { describe, it } from "vitest";
import { expectClose } from "../test-helpers/expect-close.js";
import { dot, numericGrad, randomValues } from "../test-helpers/grad-check.js";
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
    const x = randomValues(1, N * C, 2);
    for (let i = 0; i < x.length; i++) x[i] += 3; // a large mean tests the two-pass variance
    const w = randomValues(2, C, 1);
    const b = randomValues(3, C, 1);
    const r = randomValues(4, N * C);
    const out = new Float32Array(N * C);
    const mean = new Float32Array(N);
    const rstd = new Float32Array(N);
    const args = {
      inp: Float32Array.from(x),
      weight: Float32Array.from(w),
      bias: Float32Array.from(b),
      N,
      C,
    };
    layernormForward({ ...args, out, mean, rstd });
    expectClose(out, reference(x, w, b), { label: "out" });

    const dinp = new Float32Array(N * C).fill(0.5); // accumulates: starts non-zero on purpose
    const dweight = new Float32Array(C);
    const dbias = new Float32Array(C);
    layernormBackward({ ...args, dinp, dweight, dbias, dout: Float32Array.from(r), mean, rstd });
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
