import { describe, it } from "vitest";
import { Arena } from "../arena.js";
import { expectClose } from "../test-helpers/expect-close.js";
import { dot, numericGrad, randomValues } from "../test-helpers/grad-check.js";
import { f32In } from "../test-helpers/in-arena.js";
import { naiveGemm } from "../test-helpers/naive-gemm.js";
import { linearBackward, linearForward } from "./linear.js";

const N = 6;
const I = 5;
const O = 7;

function reference(
  x: Float64Array,
  w: Float64Array,
  b: Float64Array,
  r: Float64Array,
): Float64Array {
  const y = new Float64Array(N * O);
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < O; j++) {
      let s = b[j] + r[n * O + j];
      for (let i = 0; i < I; i++) s += x[n * I + i] * w[i * O + j];
      y[n * O + j] = s;
    }
  }
  return y;
}

describe("linear", () => {
  const x = randomValues(1, N * I);
  const w = randomValues(2, I * O);
  const b = randomValues(3, O);
  const res = randomValues(4, N * O);
  const up = randomValues(5, N * O);
  const zeros = new Float64Array(N * O);

  it("forward computes x·W (+ b) (+ residual, in place too)", () => {
    const arena = new Arena();
    const out = f32In(arena, N * O);
    const args = {
      kernel: naiveGemm,
      wasm: arena.wasm,
      out,
      inp: f32In(arena, x),
      weight: f32In(arena, w),
      N,
      I,
      O,
    };
    linearForward(args);
    expectClose(out, reference(x, w, new Float64Array(O), zeros), { label: "no bias" });
    linearForward({ ...args, bias: f32In(arena, b) });
    expectClose(out, reference(x, w, b, zeros), { label: "out" });
    linearForward({ ...args, bias: f32In(arena, b), residual: f32In(arena, res) });
    expectClose(out, reference(x, w, b, res), { label: "out+residual" });
    out.set(res);
    linearForward({ ...args, bias: f32In(arena, b), residual: out });
    expectClose(out, reference(x, w, b, res), { label: "in place" });
  });

  it("backward matches finite differences and accumulates when asked", () => {
    const arena = new Arena();
    const dinp = f32In(arena, N * I);
    const dweight = f32In(arena, I * O).fill(1);
    const dbias = f32In(arena, O).fill(1);
    const args = {
      kernel: naiveGemm,
      wasm: arena.wasm,
      dweight,
      dbias,
      dout: f32In(arena, up),
      inp: f32In(arena, x),
      weight: f32In(arena, w),
      N,
      I,
      O,
    };
    linearBackward({ ...args, dinp });
    const loss = (xv: Float64Array, wv: Float64Array, bv: Float64Array) =>
      dot(up, reference(xv, wv, bv, res));
    const dx = numericGrad((v) => loss(v, w, b), x);
    expectClose(dinp, dx, { atol: 1e-5, label: "dinp" });
    expectClose(
      dweight.map((v) => v - 1),
      numericGrad((v) => loss(x, v, b), w),
      { atol: 1e-5, label: "dw" },
    );
    expectClose(
      dbias.map((v) => v - 1),
      numericGrad((v) => loss(x, w, v), b),
      { atol: 1e-5, label: "db" },
    );
    linearBackward({ ...args, dinp, accumulate: true });
    expectClose(
      dinp,
      dx.map((v) => 2 * v),
      { atol: 1e-5, label: "dinp accumulated" },
    );
  });
});
