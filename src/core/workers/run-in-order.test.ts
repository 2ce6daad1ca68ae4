import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runInOrder } from "./run-in-order.js";

describe("runInOrder", () => {
  it("consumes in the items' order whatever finishes first, with at most `ahead` in flight", async () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await runInOrder(
      items,
      3,
      async (i) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await sleep((i * 7) % 5); // later items often finish first
        inFlight -= 1;
        return i * 10;
      },
      (result, item) => {
        expect(result).toBe(item * 10);
        seen.push(item);
      },
    );
    expect(seen).toEqual(items);
    expect(most).toBe(3);
  });

  it("throws a task's failure only once the tasks in flight have settled", async () => {
    const finished: number[] = [];
    const run = runInOrder(
      [0, 1, 2, 3, 4, 5],
      3,
      async (i) => {
        if (i === 1) throw new Error("task 1 failed");
        await sleep(20);
        finished.push(i);
        return i;
      },
      () => {},
    );
    await expect(run).rejects.toThrow("task 1 failed");
    // 0 was consumed; 2 and 3 were in flight when 1 failed, and finished before the throw; 4 and
    // 5 never started.
    expect(finished.sort()).toEqual([0, 2, 3]);
  });

  it("throws a failure of `consume` the same way", async () => {
    let running = 0;
    const run = runInOrder(
      [0, 1, 2, 3],
      2,
      async (i) => {
        running += 1;
        await sleep(10);
        running -= 1;
        return i;
      },
      (i) => {
        if (i === 0) throw new Error("bad result 0");
      },
    );
    await expect(run).rejects.toThrow("bad result 0");
    expect(running).toBe(0);
  });
});
