import { describe, expect, it } from "vitest";
import { Arena } from "../arena.js";
import { expectClose } from "../test-helpers/expect-close.js";
import { dot, numericGrad, randomValues } from "../test-helpers/grad-check.js";
import { f32In, i32In } from "../test-helpers/in-arena.js";
import { embeddingBackward, embeddingForward, embeddingRows } from "./embedding.js";

const B = 2;
const T = 3;
const C = 4;
const V = 5;
const ids = [1, 4, 1, 0, 2, 4]; // repeated ids must accumulate

function reference(wte: Float64Array, wpe: Float64Array): Float64Array {
  const y = new Float64Array(B * T * C);
  for (let n = 0; n < B * T; n++) {
    for (let c = 0; c < C; c++) y[n * C + c] = wte[ids[n] * C + c] + wpe[(n % T) * C + c];
  }
  return y;
}

describe("embedding", () => {
  it("forward adds token and position rows; backward scatters and accumulates", () => {
    const arena = new Arena();
    const { wasm } = arena;
    const tokens = i32In(arena, ids);
    const wte = randomValues(1, V * C);
    const wpe = randomValues(2, T * C);
    const out = f32In(arena, B * T * C);
    embeddingForward({
      wasm,
      out,
      tokens,
      wte: f32In(arena, wte),
      wpe: f32In(arena, wpe),
      B,
      T,
      C,
    });
    expectClose(out, reference(wte, wpe), { label: "out" });
    const r = randomValues(3, B * T * C);
    const dwte = f32In(arena, V * C);
    const dwpe = f32In(arena, T * C);
    embeddingBackward({ wasm, dwte, dwpe, dout: f32In(arena, r), tokens, B, T, C });
    expectClose(
      dwte,
      numericGrad((v) => dot(r, reference(v, wpe)), wte),
      { atol: 1e-5, label: "dwte" },
    );
    expectClose(
      dwpe,
      numericGrad((v) => dot(r, reference(wte, v)), wpe),
      { atol: 1e-5, label: "dwpe" },
    );
    expect(dwte.subarray(3 * C, 4 * C).every((v) => v === 0)).toBe(true); // id 3 never used
  });

  it("embeds decode rows at their own positions", () => {
    const arena = new Arena();
    const wte = f32In(arena, randomValues(1, V * C));
    const wpe = f32In(arena, randomValues(2, T * C));
    const out = f32In(arena, 2 * C);
    const tokens = i32In(arena, [3, 0]);
    const positions = i32In(arena, [2, 0]);
    embeddingRows({ wasm: arena.wasm, out, tokens, positions, wte, wpe, R: 2, C });
    expect([...out.subarray(0, C)]).toEqual(
      [...wte.subarray(3 * C, 4 * C)].map((v, c) => Math.fround(v + wpe[2 * C + c])),
    );
    expect([...out.subarray(C)]).toEqual(
      [...wte.subarray(0, C)].map((v, c) => Math.fround(v + wpe[c])),
    );
  });
});
