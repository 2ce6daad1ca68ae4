import { describe, it } from "vitest";
import { expectClose } from "../test-helpers/expect-close.js";
import { numericGrad, randomValues } from "../test-helpers/grad-check.js";
import { geluBackward, geluForward } from "./gelu.js";

const M = 200;

function reference(x: Float64Array): Float64Array {
  const k = Math.sqrt(2 / Math.PI);
  return x.map((v) => 0.5 * v * (1 + Math.tanh(k * (v + 0.044715 * v ** 3))));
}

describe("gelu", () => {
  it("forward matches Math.tanh's GELU and backward matches finite differences", () => {
    const x = randomValues(1, M, 4); // wide enough to reach the clamped tails of fastTanh
    x[0] = 12;
    x[1] = -12;
    x[2] = 0;
    const out = new Float32Array(M);
    const tanh = new Float32Array(M);
    geluForward({ out, tanh, inp: Float32Array.from(x), M });
    expectClose(out, reference(x), { label: "out" });
    const r = randomValues(2, M);
    const dinp = new Float32Array(M);
    geluBackward({ dinp, dout: Float32Array.from(r), inp: Float32Array.from(x), tanh, M });
    const numeric = numericGrad((v) => reference(v).reduce((s, y, i) => s + y * r[i], 0), x);
    expectClose(dinp, numeric, { atol: 1e-5, label: "dinp" });
  });
});
