import type { Gpt } from "../../model/index.js";
import type { TrainBatch } from "../data/pad-batch.js";

/**
 * Per-token log-probs of `batch` under `model`, forward only, `rowsPerForward` sequences at a
 * time so that scoring many sequences (a reference pass, a held-out evaluation) never holds
 * more activations than one training batch. Rows are independent: chunking changes at most the rounding.
 *
 * @returns (B, T) log p(target | prefix); 0 where the mask is 0
 */
export function forwardLogprobs(
  model: Gpt,
  batch: TrainBatch,
  rowsPerForward: number = batch.B,
): Float32Array {
  const { B, T } = batch;
  const out = new Float32Array(B * T);
  const step = Math.max(1, rowsPerForward);
  for (let start = 0; start < B; start += step) {
    const rows = Math.min(step, B - start);
    const span = [start * T, (start + rows) * T] as const;
    const { logprobs } = model.forward({
      tokens: batch.tokens.subarray(...span),
      targets: batch.targets.subarray(...span),
      mask: batch.mask.subarray(...span),
      B: rows,
      T,
    });
    out.set(logprobs, start * T);
  }
  return out;
}
