// Written here rather than taken from npm: the well-kept statistics packages (simple-statistics,
// jStat) give quantiles and resampling but neither Wilson's interval nor a seeded bootstrap
// interval, and these are a few lines each that the tests pin to published values.

/** A point estimate with its two-sided interval (`level`, default 95%). */
export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/** z of a two-sided 95% normal interval (Φ⁻¹(0.975)). */
const Z95 = 1.959963984540054;

/**
 * Wilson's score interval for a proportion: `successes` of `n` trials. Unlike the normal
 * approximation it stays inside [0, 1] and does not collapse to a point at 0 or n successes,
 * which small held-out sets hit often (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it).
 *
 * @example
 * wilsonInterval({ successes: 5, n: 10 }) // { estimate: 0.5, low: 0.2366, high: 0.7634 }
 */
export function wilsonInterval({
  successes,
  n,
  z = Z95,
}: {
  successes: number;
  n: number;
  z?: number;
}): Interval {
  if (n === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 (or n) successes the bound is 0 (or 1) exactly; in floating point centre − half leaves
  // a residue like 3.5e-18, which the page would print as a number of its own.
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === n ? 1 : Math.min(1, centre + half);
  return { estimate: p, low, high };
}

/**
 * Percentile bootstrap interval of a statistic of per-episode rows: `resamples` times, draw
 * n rows with replacement and compute `statistic`; the interval is the 2.5th and 97.5th
 * percentiles of those values. Seeded, so a report is the same every time it is written.
 * Used for means of continuous metrics (Solve-F1, reward) and ratios (error calls per call),
 * whose sampling distribution has no simple closed form on a few hundred episodes.
 *
 * @example
 * bootstrapInterval({ rows: [0, 1, 1, 1], statistic: mean }).estimate // 0.75
 */
export function bootstrapInterval<R>({
  rows,
  statistic,
  resamples = 2000,
  level = 0.95,
  seed = 1,
}: {
  rows: readonly R[];
  statistic: (rows: readonly R[]) => number;
  resamples?: number;
  level?: number;
  seed?: number;
}): Interval {
  const estimate = statistic(rows);
  const n = rows.length;
  if (n === 0) return { estimate, low: Number.NaN, high: Number.NaN };
  const random = mulberry32(seed);
  const values = new Float64Array(resamples);
  const sample: R[] = new Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = rows[Math.floor(random() * n)];
    values[b] = statistic(sample);
  }
  values.sort();
  const tail = (1 - level) / 2;
  return {
    estimate,
    low: percentileOfSorted(values, tail),
    high: percentileOfSorted(values, 1 - tail),
  };
}

/** Linear interpolation between closest ranks (the R-7 / NumPy default definition). */
function percentileOfSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
