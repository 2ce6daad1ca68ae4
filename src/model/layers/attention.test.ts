import { describe, it } from "vitest";
import { Arena } from "../arena.js";
import { expectClose } from "../test-helpers/expect-close.js";
import { dot, numericGrad, randomValues } from "../test-helpers/grad-check.js";
import { f32In } from "../test-helpers/in-arena.js";
import { naiveGemm } from "../test-helpers/naive-gemm.js";
import { attentionBackward, attentionForward } from "./attention.js";

const B = 2;
const T = 5;
const C = 6;
const H = 2;
const D = C / H;

/** float64 reference: per (b, h), softmax(q·kᵀ/√D) over j ≤ t, times v; heads concatenated */
function reference(qkvIn: Float64Array, bias: Float64Array): Float64Array {
  const qkv = qkvIn.map((v, i) => v + bias[i % (3 * C)]);
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
  it("forward (with c_attn's bias) matches the reference; backward matches finite differences", () => {
    const arena = new Arena();
    const { wasm } = arena;
    const qkv = randomValues(1, B * T * 3 * C, 1.5);
    const bias = randomValues(3, 3 * C, 0.3);
    const out = f32In(arena, B * T * C);
    const qkvr = f32In(arena, 3 * B * T * C);
    const kvt = f32In(arena, 2 * B * T * C);
    const att = f32In(arena, B * H * T * T);
    const shape = { B, T, C, H };
    const yr = f32In(arena, B * T * C);
    const args = { kernel: naiveGemm, wasm, ...shape };
    attentionForward({
      ...args,
      out,
      qkv: f32In(arena, qkv),
      bias: f32In(arena, bias),
      qkvr,
      kvt,
      att,
      yr,
    });
    expectClose(out, reference(qkv, bias), { label: "out" });

    const r = randomValues(2, B * T * C);
    const dqkv = f32In(arena, B * T * 3 * C);
    attentionBackward({
      ...args,
      dqkv,
      dout: f32In(arena, r),
      qkvr,
      kvt,
      att,
      dqkvr: f32In(arena, 3 * B * T * C),
      dyr: yr,
      datt: f32In(arena, B * H * T * T).fill(Number.NaN),
    });
    const numeric = numericGrad((v) => dot(r, reference(v, bias)), qkv);
    expectClose(dqkv, numeric, { atol: 1e-5, label: "dqkv" });
  });
});
