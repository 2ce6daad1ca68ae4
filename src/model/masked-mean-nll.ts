/**
 * Cross-entropy as a function of per-token log-probs: loss = −Σ mask·logprob / Σ mask, with its
 * gradient with respect to the log-probs (what `Gpt.backward` takes).
 *
 * Shapes: B = batch, T = time, C = channels, V = vocab.
 *
 * @param logprobs (B, T) from `Gpt.forward`
 * @param mask (B, T) 1 where a token counts; default all 1
 */
export function maskedMeanNll(
  logprobs: Float32Array,
  mask?: ArrayLike<number>,
): { loss: number; grad: Float32Array; tokens: number } {
  const N = logprobs.length;
  let count = 0;
  let sum = 0;
  for (let n = 0; n < N; n++) {
    const w = mask ? mask[n] : 1;
    count += w;
    sum += w * logprobs[n];
  }
  const grad = new Float32Array(N);
  if (count === 0) return { loss: 0, grad, tokens: 0 };
  for (let n = 0; n < N; n++) grad[n] = -(mask ? mask[n] : 1) / count;
  return { loss: -sum / count, grad, tokens: count };
}
