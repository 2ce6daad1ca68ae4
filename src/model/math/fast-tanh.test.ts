import { describe, expect, it } from "vitest";
import { fastTanh } from "./fast-tanh.js";

describe("fastTanh", () => {
  it("agrees with Math.tanh to float32 resolution everywhere", () => {
    let worst = 0;
    for (let x = -12; x <= 12; x += 1e-3)
      worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
    expect(worst).toBeLessThan(1e-7);
    expect(fastTanh(0)).toBe(0);
    expect(fastTanh(-3)).toBe(-fastTanh(3));
  });
});
