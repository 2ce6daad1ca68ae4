import { describe, it } from "vitest";
import { Arena } from "../arena.js";
import { expectClose } from "../test-helpers/expect-close.js";
import { numericGrad, randomValues } from "../test-helpers/grad-check.js";
import { f32In } from "../test-helpers/in-arena.js";
import { geluBackward, geluBiasForward } from "./gelu.js";

const N = 10;
const O = 24;
const M = N * O;

/** float64 reference with Math.tanh: gelu(x + bias) */
function reference(x: Float64Array, bias: Float64Array): Float64Array {
  const k = Math.sqrt(2 / Math.PI);
  return x.map((v, i) => {
    const u = v + bias[i % O];
    return 0.5 * u * (1 + Math.tanh(k * (u + 0.044715 * u ** 3)));
  });
}

describe("gelu", () => {
  it("forward (with the fused bias) matches Math.tanh's GELU; backward matches finite differences", () => {
    const arena = new Arena();
    const { wasm } = arena;
    const x = randomValues(1, M, 4); // wide enough to reach the clamped tails of the tanh
    x[0] = 12;
    x[1] = -12;
    x[2] = 0;
    const bias = randomValues(3, O, 0.5);
    const pre = f32In(arena, x);
    const tanh = f32In(arena, M);
    const out = f32In(arena, M);
    geluBiasForward({ wasm, pre, tanh, out, bias: f32In(arena, bias), N, O });
    expectClose(out, reference(x, bias), { label: "out" });
    expectClose(
      pre,
      x.map((v, i) => v + bias[i % O]),
      { label: "pre + bias" },
    );
    const r = randomValues(2, M);
    const dinp = f32In(arena, M);
    geluBackward({ wasm, dinp, dout: f32In(arena, r), inp: pre, tanh, M });
    const numeric = numericGrad((v) => reference(v, bias).reduce((s, y, i) => s + y * r[i], 0), x);
    expectClose(dinp, numeric, { atol: 1e-5, label: "dinp" });
  });
});
