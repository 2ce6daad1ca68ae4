import { z } from "zod";
import { parseOptions } from "../../core/index.js";
import { checkInput } from "./check-input.js";
import type { LossFn, LossInput, LossResult } from "./loss-fn.js";

/** SFT has no hyper-parameters; the empty strict schema still rejects misspelled ones. */
export const SftOptionsSchema = z.strictObject({});
export type SftOptions = z.input<typeof SftOptionsSchema>;

/**
 * Behaviour cloning, TRICE Stage I (Eq. 3): L = −Σ_t log p(y_t | x, y_<t) over the response's
 * own tokens (tool calls included, tool outputs and the prompt masked out).
 *
 * Aggregation is the token mean over the whole batch, L = −Σ_{b,t} m·logprob / Σ_{b,t} m, so the
 * loss is a per-token NLL whose scale does not depend on B or on response lengths (the paper's
 * sum differs by the constant token count). A batch without a single masked-in token gives loss
 * 0 and a zero gradient.
 *
 * Uses: logprobs, mask. Metrics: `nll` (= loss), `tokens` (Σ mask).
 *
 * @example
 * sft({ logprobs: Float32Array.of(-1, -3), mask: Float32Array.of(1, 1), B: 1, T: 2 }).loss // 2
 */
export const sft: LossFn<SftOptions> = (input: LossInput, options?: SftOptions): LossResult => {
  checkInput(input);
  parseOptions(SftOptionsSchema, options, "sft");
  const { logprobs, mask } = input;
  const N = logprobs.length;
  let tokens = 0;
  let sum = 0;
  for (let n = 0; n < N; n++) {
    const m = mask[n];
    if (m === 0) continue;
    tokens += m;
    sum += m * logprobs[n];
  }
  const grad = new Float32Array(N);
  if (tokens === 0) return { loss: 0, grad, metrics: { nll: 0, tokens: 0 } };
  for (let n = 0; n < N; n++) if (mask[n] !== 0) grad[n] = -mask[n] / tokens;
  const loss = -sum / tokens;
  return { loss, grad, metrics: { nll: loss, tokens } };
};
