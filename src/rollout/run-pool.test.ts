import { describe, expect, it } from "vitest";
import { runPool } from "./run-pool.js";

describe("runPool", () => {
  it("never exceeds the concurrency limit and runs every item", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool([...Array(20).keys()], 3, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 1 + (item % 3)));
      seen.push(item);
      inFlight--;
    });
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });
  it("stops starting work after a failure and rethrows it", async () => {
    const started: number[] = [];
    const run = runPool([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 1) throw new Error("boom");
      await new Promise((r) => setTimeout(r, 5));
    });
    await expect(run).rejects.toThrow("boom");
    expect(started.length).toBeLessThan(6);
  });
});
