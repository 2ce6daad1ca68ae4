import { describe, expect, it } from "vitest";
import { fastExpNeg } from "./fast-exp.js";

describe("fastExpNeg", () => {
  it("agrees with Math.exp to 1e-8 relative on [-87, 0] and underflows to 0 below", () => {
    let worst = 0;
    for (let x = -87; x <= 0; x += 7.7e-4) {
      const e = Math.exp(x);
      worst = Math.max(worst, Math.abs(fastExpNeg(x) - e) / e);
    }
    expect(worst).toBeLessThan(1e-8);
    expect(fastExpNeg(0)).toBe(1);
    expect(fastExpNeg(-100)).toBe(0);
    expect(fastExpNeg(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});
