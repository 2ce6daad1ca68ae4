import { expect, it } from "vitest";
import { Gpt } from "../gpt.js";
import { maskedMeanNll } from "../masked-mean-nll.js";
import { AdamW, clipGradNorm, warmupCosineLr } from "../optimizer.js";
import { Sampler } from "../sampler/sampler.js";
import { SeededRng } from "../seeded-rng.js";
import { expectClose } from "../test-helpers/expect-close.js";
import { bytesOf } from "../test-helpers/in-arena.js";
import { loadGolden } from "../test-helpers/load-golden.js";
import type { MatmulKernel } from "./kernel.js";
import { describeEachKernel } from "./test-helpers/kernels-under-test.js";

// The model's correctness checks under every kernel configuration that loads here (the model's
// own tests run on a naive reference product): PyTorch's golden values (scripts/torch-golden.py,
// float64; the engine computes in float32, hence the tolerances of gpt-golden.test.ts), and
// bit-identical training and sampling from the same seed, at a size where the native and wasm
// kernels split products over their threads. In CI (TOOLGYM_EXPECT_KERNELS) a kernel that does
// not load fails here instead of skipping.
const golden = loadGolden();

function goldenModel(kernel: MatmulKernel): Gpt {
  const { config } = golden;
  const layout = new Gpt({ config, kernel }).layout;
  const params = new Float32Array(layout.flatMap((s) => [...golden.tensor(`param:${s.name}`)]));
  return new Gpt({ config, kernel, params });
}

const goldenBatch = {
  tokens: Int32Array.from(golden.tokens),
  targets: Int32Array.from(golden.targets),
  mask: Float32Array.from(golden.mask),
  B: golden.B,
  T: golden.T,
};

// Large enough that products pass 64³ multiply-adds (the native kernel's threading threshold):
// 4 × 48 positions × d 64 × 3·64 for the attention projection.
const config = { vocabSize: 96, ctx: 48, dModel: 64, nLayer: 2, nHead: 2 };

function train(kernel: MatmulKernel, steps: number): Float32Array {
  const model = new Gpt({ config, kernel, seed: 11 });
  const opt = new AdamW({ model });
  const rng = new SeededRng(5);
  for (let s = 0; s < steps; s++) {
    const B = 4;
    const T = config.ctx;
    const tokens = Int32Array.from({ length: B * T }, () => rng.nextInt(config.vocabSize));
    const targets = Int32Array.from({ length: B * T }, () => rng.nextInt(config.vocabSize));
    model.zeroGrad();
    model.backward(maskedMeanNll(model.forward({ tokens, targets, B, T }).logprobs).grad);
    clipGradNorm(model.grads, 1);
    opt.step({ lr: 1e-2 });
  }
  return model.params;
}

describeEachKernel("GPT with the kernel", (kernel) => {
  it("matches PyTorch's logits, log-probs, loss and every parameter gradient", () => {
    const model = goldenModel(kernel);
    model.zeroGrad();
    const out = model.forward({ ...goldenBatch, logits: true });
    expectClose(out.logits!, golden.tensor("logits"), { label: "logits" });
    expectClose(out.logprobs, golden.tensor("logprobs"), { label: "logprobs" });
    const { loss, grad } = maskedMeanNll(out.logprobs, goldenBatch.mask);
    expect(Math.abs(loss - golden.loss)).toBeLessThan(1e-4 * golden.loss);
    model.backward(grad);
    for (const spec of model.layout) {
      const expected = golden.tensor(`grad:${spec.name}`);
      const scale = expected.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      const actual = model.grads.subarray(spec.offset, spec.offset + spec.size);
      expectClose(actual, expected, { atol: Math.max(1e-6, 1e-4 * scale), label: spec.name });
    }
  });

  it("follows PyTorch through 10 AdamW steps with clipping and warm-up + cosine", () => {
    const a = golden.adamw;
    const model = goldenModel(kernel);
    const { beta1, beta2, eps, weightDecay } = a;
    const opt = new AdamW({ model, beta1, beta2, eps, weightDecay });
    for (let step = 0; step < a.steps; step++) {
      const { maxLr, minLr, warmupSteps } = a;
      const lr = warmupCosineLr({ step, maxLr, minLr, warmupSteps, totalSteps: a.steps });
      model.zeroGrad();
      const { loss, grad } = maskedMeanNll(model.forward(goldenBatch).logprobs, goldenBatch.mask);
      expectClose([loss], [a.losses[step]], { label: `loss at step ${step}` });
      model.backward(grad);
      expectClose([clipGradNorm(model.grads, a.clip)], [a.gradNorms[step]], {
        label: `grad norm at step ${step}`,
      });
      opt.step({ lr });
    }
    const { loss } = maskedMeanNll(model.forward(goldenBatch).logprobs, goldenBatch.mask);
    expectClose([loss], [a.finalLoss], { label: "final loss" });
  });

  it("trains bit-identically from the same seed", () => {
    const first = train(kernel, 3);
    expect(bytesOf(train(kernel, 3)).equals(bytesOf(first))).toBe(true);
    expect(bytesOf(first).equals(bytesOf(new Gpt({ config, kernel, seed: 11 }).params))).toBe(
      false,
    );
  });

  it("samples bit-identically from the same seed, with the KV cache as the full pass scores", () => {
    const model = new Gpt({ config, kernel, seed: 3 });
    // Larger weights than the init, so that sampling depends on every logit.
    for (let i = 0; i < model.params.length; i++) model.params[i] *= 6;
    const sampler = new Sampler(model);
    const prompts = Array.from({ length: 16 }, (_, s) => [1 + s, 2 + (s % 5), 3]);
    const options = { prompts, maxNewTokens: 12, temperature: 1, seed: 9 };
    const first = sampler.generate(options);
    const again = sampler.generate(options);
    first.forEach((g, s) => {
      expect(Array.from(again[s].tokens)).toEqual(Array.from(g.tokens));
      expect(bytesOf(again[s].logprobs).equals(bytesOf(g.logprobs))).toBe(true);
      const seq = [...prompts[s], ...g.tokens];
      const T = seq.length - 1;
      const tokens = Int32Array.from(seq.slice(0, T));
      const targets = Int32Array.from(seq.slice(1));
      const scored = model.forward({ tokens, targets, B: 1, T }).logprobs;
      const label = `sequence ${s}`;
      expectClose(g.logprobs, scored.subarray(prompts[s].length - 1), { atol: 1e-5, label });
    });
  });
});
