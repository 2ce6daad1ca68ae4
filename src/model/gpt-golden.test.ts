import { describe, expect, it } from "vitest";
import { Gpt } from "./gpt.js";
import { maskedMeanNll } from "./masked-mean-nll.js";
import { AdamW, clipGradNorm, warmupCosineLr } from "./optimizer.js";
import { expectClose } from "./test-helpers/expect-close.js";
import { loadGolden } from "./test-helpers/load-golden.js";
import { naiveGemm } from "./test-helpers/naive-gemm.js";

// Golden values from PyTorch (float64), written by scripts/torch-golden.py. The engine computes in
// float32, so agreement is |ours − torch| ≤ 1e-4·|torch| + atol, with atol a small absolute floor
// (1e-6, or 1e-4 of the tensor's largest magnitude for gradients) for values that cancel to ~0.
describe.each([
  "gpt-golden",
  "gpt-golden-smear",
  "gpt-golden-copy",
  "gpt-golden-copy-next",
  "gpt-golden-copy-match",
  "gpt-golden-copy-gate",
])("GPT against PyTorch (%s)", (fixture) => {
  const golden = loadGolden(fixture);
  const { config, B, T } = golden;

  function goldenModel(): Gpt {
    const params = new Float32Array(
      new Gpt({ config, kernel: naiveGemm }).layout.flatMap((s) => [
        ...golden.tensor(`param:${s.name}`),
      ]),
    );
    return new Gpt({ config, kernel: naiveGemm, params });
  }

  const batch = {
    tokens: Int32Array.from(golden.tokens),
    targets: Int32Array.from(golden.targets),
    mask: Float32Array.from(golden.mask),
    B,
    T,
  };

  it("matches logits, log-probs and loss", () => {
    const model = goldenModel();
    // A copy head's distribution is not a softmax of logits: only its log-probs are compared.
    const copy = config.copyHead === true;
    const out = model.forward({ ...batch, logits: !copy });
    if (!copy) expectClose(out.logits!, golden.tensor("logits"), { label: "logits" });
    else expect(() => model.forward({ ...batch, logits: true })).toThrow(/copy head/);
    expectClose(out.logprobs, golden.tensor("logprobs"), { label: "logprobs" });
    const { loss } = maskedMeanNll(out.logprobs, batch.mask);
    expect(Math.abs(loss - golden.loss)).toBeLessThan(1e-4 * golden.loss);
  });

  it("matches every parameter gradient", () => {
    const model = goldenModel();
    model.zeroGrad();
    const out = model.forward(batch);
    model.backward(maskedMeanNll(out.logprobs, batch.mask).grad);
    for (const spec of model.layout) {
      const expected = golden.tensor(`grad:${spec.name}`);
      let scale = 0;
      for (const g of expected) scale = Math.max(scale, Math.abs(g));
      const actual = model.grads.subarray(spec.offset, spec.offset + spec.size);
      expectClose(actual, expected, { atol: Math.max(1e-6, 1e-4 * scale), label: spec.name });
    }
  });

  it("follows 10 AdamW steps with clipping and the warm-up + cosine schedule", () => {
    const a = golden.adamw;
    const model = goldenModel();
    const opt = new AdamW({
      model,
      beta1: a.beta1,
      beta2: a.beta2,
      eps: a.eps,
      weightDecay: a.weightDecay,
    });
    for (let step = 0; step < a.steps; step++) {
      const lr = warmupCosineLr({
        step,
        maxLr: a.maxLr,
        minLr: a.minLr,
        warmupSteps: a.warmupSteps,
        totalSteps: a.steps,
      });
      expect(lr).toBeCloseTo(a.lrs[step], 12);
      model.zeroGrad();
      const out = model.forward(batch);
      const { loss, grad } = maskedMeanNll(out.logprobs, batch.mask);
      expectClose([loss], [a.losses[step]], { label: `loss at step ${step}` });
      model.backward(grad);
      const norm = clipGradNorm(model.grads, a.clip);
      expectClose([norm], [a.gradNorms[step]], { label: `grad norm at step ${step}` });
      opt.step({ lr });
    }
    const { loss } = maskedMeanNll(model.forward(batch).logprobs, batch.mask);
    expectClose([loss], [a.finalLoss], { label: "final loss" });
  });
});
