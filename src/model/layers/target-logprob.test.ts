import { describe, expect, it } from "vitest";
import { Arena } from "../arena.js";
import { expectClose } from "../test-helpers/expect-close.js";
import { dot, numericGrad, randomValues } from "../test-helpers/grad-check.js";
import { f32In, i32In, u8In } from "../test-helpers/in-arena.js";
import { targetLogprobBackward, targetLogprobForward } from "./target-logprob.js";

const N = 4;
const V = 9;
const targetIds = [3, 0, 8, 5];
const maskBits = [1, 1, 0, 1];

function reference(logits: Float64Array): Float64Array {
  const lp = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    if (!maskBits[n]) continue;
    const row = logits.subarray(n * V, (n + 1) * V);
    const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    lp[n] = row[targetIds[n]] - lse;
  }
  return lp;
}

describe("target log-prob", () => {
  it("gathers log-softmax at the targets, skips masked rows, and back-propagates", () => {
    const arena = new Arena();
    const { wasm } = arena;
    const logits = randomValues(1, N * V, 3);
    logits[2 * V] = 1e4; // a masked row may hold anything
    const logprobs = f32In(arena, N);
    const probs = f32In(arena, N * V);
    const targets = i32In(arena, targetIds);
    const mask = u8In(arena, maskBits);
    targetLogprobForward({
      wasm,
      logprobs,
      probs,
      logits: f32In(arena, logits),
      targets,
      mask,
      N,
      V,
    });
    expectClose(logprobs, reference(logits), { label: "logprobs" });
    expect(logprobs[2]).toBe(0);
    const r = randomValues(2, N);
    targetLogprobBackward({
      wasm,
      dlogits: probs,
      dlogprobs: f32In(arena, r),
      probs,
      targets,
      mask,
      N,
      V,
    });
    expectClose(
      probs,
      numericGrad((v) => dot(r, reference(v)), logits),
      { atol: 1e-5, label: "dlogits" },
    );
  });
});
