import { describe, expect, it } from "vitest";
import { ModelInputError } from "./errors/model-input-error.js";
import { Gpt } from "./gpt.js";
import { maskedMeanNll } from "./masked-mean-nll.js";
import { AdamW, clipGradNorm } from "./optimizer.js";
import { SeededRng } from "./seeded-rng.js";
import { expectClose } from "./test-helpers/expect-close.js";
import { bytesOf } from "./test-helpers/in-arena.js";
import { naiveGemm } from "./test-helpers/naive-gemm.js";

const config = { vocabSize: 32, ctx: 12, dModel: 16, nLayer: 2, nHead: 2 };

function randomBatch(seed: number, B: number, T: number) {
  const rng = new SeededRng(seed);
  const tokens = Int32Array.from({ length: B * T }, () => rng.nextInt(config.vocabSize));
  const targets = Int32Array.from({ length: B * T }, () => rng.nextInt(config.vocabSize));
  return { tokens, targets, B, T };
}

function train(seed: number, steps: number): Float32Array {
  const model = new Gpt({ config, kernel: naiveGemm, seed });
  const opt = new AdamW({ model });
  for (let s = 0; s < steps; s++) {
    model.zeroGrad();
    const batch = randomBatch(100 + s, 3, 10);
    model.backward(maskedMeanNll(model.forward(batch).logprobs).grad);
    clipGradNorm(model.grads, 1);
    opt.step({ lr: 1e-2 });
  }
  return model.params;
}

describe("Gpt", () => {
  it("initializes like GPT-2 and identically for the same seed", () => {
    const a = new Gpt({ config, kernel: naiveGemm, seed: 7 });
    const b = new Gpt({ config, kernel: naiveGemm, seed: 7 });
    const c = new Gpt({ config, kernel: naiveGemm, seed: 8 });
    expect(a.params).toEqual(b.params);
    expect(a.params).not.toEqual(c.params);
    const wte = a.tensors.wte;
    const std = Math.sqrt(wte.reduce((s, v) => s + v * v, 0) / wte.length);
    expect(std).toBeGreaterThan(0.017);
    expect(std).toBeLessThan(0.023);
    expect([...a.tensors.blocks[0].ln1w].every((v) => v === 1)).toBe(true);
    expect([...a.tensors.blocks[0].qkvb].every((v) => v === 0)).toBe(true);
    const proj = a.tensors.blocks[1].outw;
    const projStd = Math.sqrt(proj.reduce((s, v) => s + v * v, 0) / proj.length);
    expect(projStd).toBeLessThan(0.02 / Math.sqrt(2 * config.nLayer) + 0.002);
  });

  it("gives bit-identical weights after the same training steps from the same seed", () => {
    const a = train(3, 4);
    const b = train(3, 4);
    expect(bytesOf(a).equals(bytesOf(b))).toBe(true);
    expect(a).not.toEqual(new Gpt({ config, kernel: naiveGemm, seed: 3 }).params);
  });

  it("scores a right-padded sequence as if it were alone, and reuses buffers across shapes", () => {
    const model = new Gpt({ config, kernel: naiveGemm, seed: 1 });
    const long = randomBatch(1, 1, 10);
    const short = randomBatch(2, 1, 6);
    const alone = model.forward(short).logprobs;
    // Batch of two: the short one right-padded with arbitrary ids and masked.
    const tokens = new Int32Array(20).fill(5);
    const targets = new Int32Array(20).fill(-1);
    tokens.set(long.tokens);
    targets.set(long.targets);
    tokens.set(short.tokens, 10);
    targets.set(short.targets, 10);
    const mask = Array.from({ length: 20 }, (_, i) => (i < 16 ? 1 : 0));
    const both = model.forward({ tokens, targets, mask, B: 2, T: 10 }).logprobs;
    expectClose(both.subarray(10, 16), alone, { rtol: 1e-5, label: "short in batch" });
    expect([...both.subarray(16)]).toEqual([0, 0, 0, 0]);
    const longAlone = model.forward(long).logprobs;
    expectClose(both.subarray(0, 10), longAlone, { rtol: 1e-5, label: "long in batch" });
  });

  it("masked positions get no gradient", () => {
    const model = new Gpt({ config, kernel: naiveGemm, seed: 1 });
    const batch = randomBatch(4, 1, 8);
    const mask = [1, 1, 1, 1, 1, 1, 1, 0];
    model.forward({ ...batch, mask });
    const d = new Float32Array(8).fill(-0.1);
    model.backward(d);
    const withJunk = model.grads.slice();
    model.zeroGrad();
    model.forward({ ...batch, mask });
    d[7] = 0;
    model.backward(d);
    expect(model.grads).toEqual(withJunk);
  });

  it("rejects bad inputs with ModelInputError", () => {
    const model = new Gpt({ config, kernel: naiveGemm });
    const ok = randomBatch(1, 2, 4);
    expect(() => model.forward({ ...ok, T: 13, B: 1 })).toThrow(ModelInputError);
    expect(() => model.forward({ ...ok, tokens: new Int32Array(8).fill(32) })).toThrow(
      /outside \[0, 32\)/,
    );
    expect(() => model.forward({ ...ok, targets: new Int32Array(7) })).toThrow(/expected length/);
    expect(() => new Gpt({ config: { ...config, nHead: 3 }, kernel: naiveGemm })).toThrow(
      ModelInputError,
    );
    expect(() => new Gpt({ config, kernel: naiveGemm }).backward(new Float32Array(8))).toThrow(
      /forward first/,
    );
  });
});
