import { describe, it } from "vitest";
import { expectClose } from "../test-helpers/expect-close.js";
import { dot, numericGrad, randomValues } from "../test-helpers/grad-check.js";
import { naiveGemm } from "../test-helpers/naive-gemm.js";
import { attentionBackward, attentionForward } from "./attention.js";

const B = 2;
const T = 5;
const C = 6;
const H = 2;
const D = C / H;

/** float64 reference: per (b, h), softmax(q·kᵀ/√D) over j ≤ t, times v; heads concatenated */
function reference(qkv: Float64Array): Float64Array {
  const y = new Float64Array(B * T * C);
  const at = (b: number, t: number, part: number, h: number, i: number) =>
    qkv[(b * T + t) * 3 * C + part * C + h * D + i];
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const s: number[] = [];
        for (let j = 0; j <= t; j++) {
          let d = 0;
          for (let i = 0; i < D; i++) d += at(b, t, 0, h, i) * at(b, j, 1, h, i);
          s.push(d / Math.sqrt(D));
        }
        const m = Math.max(...s);
        const e = s.map((v) => Math.exp(v - m));
        const z = e.reduce((u, v) => u + v, 0);
        for (let i = 0; i < D; i++) {
          let acc = 0;
          for (let j = 0; j <= t; j++) acc += (e[j] / z) * at(b, j, 2, h, i);
          y[(b * T + t) * C + h * D + i] = acc;
        }
      }
    }
  }
  return y;
}

describe("causal self-attention", () => {
  it("forward matches the reference and backward matches finite differences", () => {
    const qkv = randomValues(1, B * T * 3 * C, 1.5);
    const out = new Float32Array(B * T * C);
    const qkvr = new Float32Array(3 * B * T * C);
    const att = new Float32Array(B * H * T * T);
    const yr = new Float32Array(B * T * C);
    const shape = { B, T, C, H };
    attentionForward({
      kernel: naiveGemm,
      out,
      qkv: Float32Array.from(qkv),
      qkvr,
      att,
      yr,
      ...shape,
    });
    expectClose(out, reference(qkv), { label: "out" });

    const r = randomValues(2, B * T * C);
    const dqkv = new Float32Array(B * T * 3 * C);
    attentionBackward({
      kernel: naiveGemm,
      dqkv,
      dout: Float32Array.from(r),
      qkvr,
      att,
      dqkvr: new Float32Array(3 * B * T * C),
      dyr: new Float32Array(B * T * C),
      datt: new Float32Array(T * T).fill(Number.NaN),
      ...shape,
    });
    expectClose(
      dqkv,
      numericGrad((v) => dot(r, reference(v)), qkv),
      { atol: 1e-5, label: "dqkv" },
    );
  });
});
