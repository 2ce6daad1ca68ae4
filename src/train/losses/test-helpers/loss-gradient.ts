import { expect } from "vitest";
import { expectClose } from "../../../model/test-helpers/expect-close.js";
import type { LossFn, LossInput } from "../loss-fn.js";

/**
 * ∂loss/∂logprobs by float64 central differences, the loss evaluated on a Float64Array copy of
 * the log-probs. With h = 1e-6 the error is ~1e-10, far below the float32 analytic gradient's
 * own rounding, so the comparison measures the analytic gradient.
 */
export function numericLossGrad<O>(
  loss: LossFn<O>,
  input: LossInput,
  options?: O,
  h = 1e-6,
): Float64Array {
  const x = Float64Array.from(input.logprobs);
  const at = () => loss({ ...input, logprobs: x }, options).loss;
  const grad = new Float64Array(x.length);
  for (let n = 0; n < x.length; n++) {
    const keep = x[n];
    x[n] = keep + h;
    const up = at();
    x[n] = keep - h;
    const down = at();
    x[n] = keep;
    grad[n] = (up - down) / (2 * h);
  }
  return grad;
}

/** The loss's own gradient equals the finite differences, and is exactly 0 where mask is 0. */
export function expectGradientMatches<O>(loss: LossFn<O>, input: LossInput, options?: O): void {
  const { grad } = loss({ ...input, logprobs: Float64Array.from(input.logprobs) }, options);
  expectClose(grad, numericLossGrad(loss, input, options), { rtol: 1e-5, atol: 1e-8 });
  for (let n = 0; n < grad.length; n++) if (input.mask[n] === 0) expect(grad[n]).toBe(0);
  expect(
    grad.some((g) => g !== 0),
    "a test whose gradient is all zero checks nothing",
  ).toBe(true);
}
