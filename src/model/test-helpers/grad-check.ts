import { SeededRng } from "../seeded-rng.js";

/**
 * Central finite differences of a float64 scalar function: accurate to ~1e-9 for the smooth
 * functions of these layers, so the float32 analytic gradients are what the comparison measures.
 */
export function numericGrad(
  f: (x: Float64Array) => number,
  x: Float64Array,
  h = 1e-5,
): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + h;
    const up = f(x);
    x[i] = keep - h;
    const down = f(x);
    x[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/** Normal(0, scale) values, rounded to float32 so the float32 and float64 sides start equal. */
export function randomValues(seed: number, n: number, scale = 1): Float64Array {
  const rng = new SeededRng(seed);
  return Float64Array.from({ length: n }, () => Math.fround(rng.nextNormal() * scale));
}

/** Σ r ⊙ y: the scalar whose gradient with respect to y is r (the upstream gradient). */
export function dot(r: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += r[i] * y[i];
  return s;
}
