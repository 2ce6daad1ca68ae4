import { describe, expect, it } from "vitest";
import { expectClose } from "../test-helpers/expect-close.js";
import { dot, numericGrad, randomValues } from "../test-helpers/grad-check.js";
import { embeddingBackward, embeddingForward } from "./embedding.js";

const B = 2;
const T = 3;
const C = 4;
const V = 5;
const tokens = Int32Array.from([1, 4, 1, 0, 2, 4]); // repeated ids must accumulate

function reference(wte: Float64Array, wpe: Float64Array): Float64Array {
  const y = new Float64Array(B * T * C);
  for (let n = 0; n < B * T; n++) {
    for (let c = 0; c < C; c++) y[n * C + c] = wte[tokens[n] * C + c] + wpe[(n % T) * C + c];
  }
  return y;
}

describe("embedding", () => {
  it("forward adds token and position rows; backward scatters and accumulates", () => {
    const wte = randomValues(1, V * C);
    const wpe = randomValues(2, T * C);
    const out = new Float32Array(B * T * C);
    embeddingForward({
      out,
      tokens,
      wte: Float32Array.from(wte),
      wpe: Float32Array.from(wpe),
      B,
      T,
      C,
    });
    expectClose(out, reference(wte, wpe), { label: "out" });
    const r = randomValues(3, B * T * C);
    const dwte = new Float32Array(V * C);
    const dwpe = new Float32Array(T * C);
    embeddingBackward({ dwte, dwpe, dout: Float32Array.from(r), tokens, B, T, C });
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
});
