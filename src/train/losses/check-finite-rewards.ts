import { LossInputError } from "./errors/loss-input-error.js";
import type { Floats } from "./loss-fn.js";

/**
 * The rewards of the sequences that take part must be finite: NaN compares false with
 * everything and would silently drop out of a ranking or poison a whole group's mean. Rows with
 * no masked-in token (`counts[b] = 0`) are not read, so a loop may leave NaN there for a
 * sequence its reward function skipped (`null`), as long as it masks that sequence out.
 *
 * @param rewards (B)
 * @param counts (B) masked-in tokens per sequence
 */
export function checkFiniteRewards(rewards: Floats, counts: Float64Array): void {
  for (let b = 0; b < rewards.length; b++)
    if (counts[b] > 0 && !Number.isFinite(rewards[b]))
      throw new LossInputError(`rewards[${b}]`, `must be finite, got ${rewards[b]}`);
}
