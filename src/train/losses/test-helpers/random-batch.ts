import { SeededRng } from "../../../model/seeded-rng.js";
import type { LossInput } from "../loss-fn.js";

/**
 * A batch shaped like the loop's: each row has a masked prompt, a response (mask 1) with a
 * masked tool-output span in the middle, and masked padding of varying length. Padding holds
 * NaN in every per-token array, so a loss that reads a masked position fails loudly.
 * Log-probs in [−3, −0.05]; old and reference log-probs within ±0.4 of them; advantages N(0, 1);
 * rewards integers 0..3 (so groups have ties and orderings); `groupSize` consecutive rows a group.
 */
export function randomBatch({
  seed,
  B,
  T,
  groupSize = B,
}: {
  seed: number;
  B: number;
  T: number;
  groupSize?: number;
}): Required<LossInput> {
  const rng = new SeededRng(seed);
  const size = B * T;
  const logprobs = new Float64Array(size).fill(Number.NaN);
  const oldLogprobs = new Float64Array(size).fill(Number.NaN);
  const refLogprobs = new Float64Array(size).fill(Number.NaN);
  const advantages = new Float64Array(size).fill(Number.NaN);
  const mask = new Float32Array(size);
  for (let b = 0; b < B; b++) {
    const prompt = 1 + rng.nextInt(2);
    const end = T - rng.nextInt(3);
    const toolStart = prompt + 2;
    for (let t = 0; t < T; t++) {
      const n = b * T + t;
      const counts = t >= prompt && t < end && !(t >= toolStart && t < toolStart + 1);
      if (t < end) {
        logprobs[n] = Math.fround(-0.05 - 2.95 * rng.nextFloat());
        oldLogprobs[n] = Math.fround(logprobs[n] + 0.8 * (rng.nextFloat() - 0.5));
        refLogprobs[n] = Math.fround(logprobs[n] + 0.8 * (rng.nextFloat() - 0.5));
        advantages[n] = Math.fround(rng.nextNormal());
      }
      if (counts) mask[n] = 1;
    }
  }
  return {
    logprobs,
    mask,
    B,
    T,
    oldLogprobs,
    refLogprobs,
    advantages,
    rewards: Float64Array.from({ length: B }, () => rng.nextInt(4)),
    groups: Int32Array.from({ length: B }, (_, b) => Math.floor(b / groupSize)),
  };
}
