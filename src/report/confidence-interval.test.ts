import { describe, expect, it } from "vitest";
import { bootstrapInterval, wilsonInterval } from "./confidence-interval.js";

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe("wilsonInterval", () => {
  it("matches published 95% Wilson intervals", () => {
    // Brown, Cai & DasGupta (2001) and any statistics package: 5/10 → [0.2366, 0.7634].
    const half = wilsonInterval({ successes: 5, n: 10 });
    expect(half.estimate).toBe(0.5);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    // 81 of 263 (Wikipedia's worked example of the score interval): [0.2553, 0.3662].
    const wiki = wilsonInterval({ successes: 81, n: 263 });
    expect(wiki.low).toBeCloseTo(0.2553, 3);
    expect(wiki.high).toBeCloseTo(0.3662, 3);
  });

  it("does not collapse at 0 or n successes, and stays inside [0, 1]", () => {
    const none = wilsonInterval({ successes: 0, n: 10 });
    expect(none.low).toBe(0);
    // Where the floating-point centre − half would leave a residue (3.5e-18 at 0 of 200).
    expect(wilsonInterval({ successes: 0, n: 200 }).low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const all = wilsonInterval({ successes: 200, n: 200 });
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.9812, 4);
  });

  it("has no interval for no trials", () => {
    expect(Number.isNaN(wilsonInterval({ successes: 0, n: 0 }).low)).toBe(true);
  });
});

describe("bootstrapInterval", () => {
  it("agrees with the normal interval of a mean on a large sample", () => {
    const rows = Array.from({ length: 400 }, (_, i) => ((i * 37) % 101) / 100);
    const m = mean(rows);
    const sd = Math.sqrt(rows.reduce((s, x) => s + (x - m) ** 2, 0) / (rows.length - 1));
    const se = sd / Math.sqrt(rows.length);
    const { estimate, low, high } = bootstrapInterval({ rows, statistic: mean });
    expect(estimate).toBeCloseTo(m, 12);
    expect(low).toBeCloseTo(m - 1.96 * se, 2);
    expect(high).toBeCloseTo(m + 1.96 * se, 2);
    expect(low).toBeLessThan(m);
    expect(high).toBeGreaterThan(m);
  });

  it("is the same for the same seed, and a point for constant data", () => {
    const rows = Array.from({ length: 20 }, (_, i) => Math.sin(i) ** 2);
    const a = bootstrapInterval({ rows, statistic: mean, seed: 7 });
    const b = bootstrapInterval({ rows, statistic: mean, seed: 7 });
    expect(a).toEqual(b);
    expect(bootstrapInterval({ rows, statistic: mean, seed: 8 })).not.toEqual(a);
    const constant = bootstrapInterval({ rows: [0.25, 0.25, 0.25], statistic: mean });
    expect(constant).toEqual({ estimate: 0.25, low: 0.25, high: 0.25 });
  });

  it("works for any statistic of rows, such as a ratio of sums", () => {
    // Errors over calls: 1/4 overall, from episodes with 0..2 errors.
    const rows: [number, number][] = [
      [0, 1],
      [1, 1],
      [0, 2],
      [0, 0],
    ];
    const ratio = (rs: readonly [number, number][]) => {
      const calls = rs.reduce((s, [, c]) => s + c, 0);
      return calls === 0 ? 0 : rs.reduce((s, [e]) => s + e, 0) / calls;
    };
    const { estimate, low, high } = bootstrapInterval({ rows, statistic: ratio });
    expect(estimate).toBe(0.25);
    expect(low).toBe(0);
    expect(high).toBeGreaterThan(0.25);
    expect(high).toBeLessThanOrEqual(1);
  });
});
