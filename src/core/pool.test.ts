import { describe, expect, it } from "vitest";
import { createPool, mapPool } from "./pool.js";

describe("createPool", () => {
  it("runs at most `limit` tasks at once, in arrival order", async () => {
    const slots = createPool(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return i;
    };
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => slots.run(task(i))));
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it("frees the slot when a task throws", async () => {
    const slots = createPool(1);
    await expect(slots.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(slots.run(async () => "next")).resolves.toBe("next");
  });

  it("drops a waiter whose signal aborts, and the queue moves on", async () => {
    const slots = createPool(1);
    let release = () => {};
    const first = slots.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const waiting = slots.run(async () => "never", controller.signal);
    const third = slots.run(async () => "third");
    controller.abort(new Error("cancelled"));
    await expect(waiting).rejects.toThrow("cancelled");
    release();
    await first;
    await expect(third).resolves.toBe("third");
  });
});

describe("mapPool", () => {
  it("never exceeds the concurrency limit and runs every item", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const results = await mapPool([...Array(20).keys()], { concurrency: 3 }, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 1 + (item % 3)));
      seen.push(item);
      inFlight--;
      return item * 2;
    });
    expect(results).toEqual([...Array(20).keys()].map((i) => i * 2));
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });
  it("stops starting work after a failure and rethrows it", async () => {
    const started: number[] = [];
    let inFlight = 0;
    const run = mapPool([0, 1, 2, 3, 4, 5], { concurrency: 2 }, async (item) => {
      inFlight++;
      started.push(item);
      if (item === 1) {
        inFlight--;
        throw new Error("boom");
      }
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    });
    await expect(run).rejects.toThrow("boom");
    expect(inFlight).toBe(0); // the work in flight settled before the rejection
    expect(started.length).toBeLessThan(6);
  });
  it("starts nothing once the signal aborts, and rejects with its reason", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const run = mapPool(
      [0, 1, 2, 3],
      { concurrency: 1, signal: controller.signal },
      async (item) => {
        started.push(item);
        if (item === 1) controller.abort(new Error("stop"));
      },
    );
    await expect(run).rejects.toThrow("stop");
    expect(started).toEqual([0, 1]);
  });
});
