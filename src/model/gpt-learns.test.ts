import { describe, expect, it } from "vitest";
import { Gpt } from "./gpt.js";
import { portableKernel } from "./kernels/portable-kernel.js";
import { maskedMeanNll } from "./masked-mean-nll.js";
import { AdamW, clipGradNorm, warmupCosineLr } from "./optimizer.js";
import { Sampler } from "./sampler/sampler.js";
import { SeededRng } from "./seeded-rng.js";

// Copy task: five random digits, a separator, the same five digits. Only the copy is scored, so
// the model must learn to attend six positions back (an induction-style lookup), not a unigram.
const DIGITS = 10;
const SEP = 10;
const N = 5;
const T = 2 * N; // inputs: d1…d5 SEP d1…d4 → targets: d2…d5 SEP d1…d5
const config = { vocabSize: 12, ctx: 16, dModel: 32, nLayer: 2, nHead: 2 };

function copyBatch(rng: SeededRng, B: number) {
  const tokens = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const digits = Array.from({ length: N }, () => rng.nextInt(DIGITS));
    const seq = [...digits, SEP, ...digits];
    for (let t = 0; t < T; t++) {
      tokens[b * T + t] = seq[t];
      targets[b * T + t] = seq[t + 1];
      mask[b * T + t] = t >= N ? 1 : 0;
    }
  }
  return { tokens, targets, mask, B, T };
}

describe("the built-in GPT learns", () => {
  it("to copy a digit sequence (loss < 0.05, greedy copies exact)", () => {
    const model = new Gpt({ config, kernel: portableKernel, seed: 1 });
    const opt = new AdamW({ model, weightDecay: 0.01 });
    const rng = new SeededRng(2);
    const steps = 400;
    let loss = Number.POSITIVE_INFINITY;
    for (let step = 0; step < steps && loss > 0.02; step++) {
      const batch = copyBatch(rng, 32);
      model.zeroGrad();
      const out = maskedMeanNll(model.forward(batch).logprobs, batch.mask);
      loss = out.loss;
      model.backward(out.grad);
      clipGradNorm(model.grads, 1);
      const lr = warmupCosineLr({
        step,
        maxLr: 1e-2,
        minLr: 1e-3,
        warmupSteps: 20,
        totalSteps: steps,
      });
      opt.step({ lr });
    }
    const held = copyBatch(new SeededRng(99), 64);
    const heldLoss = maskedMeanNll(model.forward(held).logprobs, held.mask).loss;
    expect(heldLoss).toBeLessThan(0.05);
    const prompts = [
      [3, 1, 4, 1, 5, SEP],
      [9, 2, 6, 5, 3, SEP],
    ];
    const gens = new Sampler(model).generate({ prompts, maxNewTokens: N, temperature: 0 });
    expect(gens.map((g) => [...g.tokens])).toEqual(prompts.map((p) => p.slice(0, N)));
  }, 60_000);
});
