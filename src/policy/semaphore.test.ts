import { describe, expect, it } from "vitest";
import { createSemaphore } from "./semaphore.js";

describe("createSemaphore", () => {
  it("runs at most `limit` tasks at once, in arrival order", async () => {
    const slots = createSemaphore(2);
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
    const slots = createSemaphore(1);
    await expect(slots.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(slots.run(async () => "next")).resolves.toBe("next");
  });

  it("drops a waiter whose signal aborts, and the queue moves on", async () => {
    const slots = createSemaphore(1);
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
