/**
 * The random streams of a training run. Every draw the loop makes comes from a `SeededRng`
 * seeded with `deriveSeed(seed, stream, index)` — the order of the data (or of the prompts)
 * in epoch `index`, the samples of step `index` — so the generator state at any step is a
 * function of the run's seed, the step and the data cursor. That is what a checkpoint must
 * restore for `--resume` to continue bit-identically, and it needs no generator state on disk.
 */
export const RNG_STREAMS = {
  /** Shuffle of the prepared data (or of the environments played), one per epoch. */
  dataOrder: 1,
  /** Sampling seeds of a step's rollouts. */
  sampling: 2,
  /** Sampling seeds of an evaluation. */
  eval: 3,
} as const;

/** A 32-bit seed for draw `index` of `stream` in a run seeded with `seed` (splitmix32 mixing). */
export function deriveSeed(seed: number, stream: number, index: number): number {
  let h = mix(seed >>> 0);
  h = mix((h ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0);
  h = mix((h ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  return h;
}

function mix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
