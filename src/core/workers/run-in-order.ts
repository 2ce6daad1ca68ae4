/**
 * Runs `start` on each item, with at most `ahead` started and not yet consumed, and hands the
 * results to `consume` one at a time in the items' order: what depends on the order (a file's
 * lines, duplicates settled first come first) is the same whichever task finished first, and
 * results that finished early wait in a bounded window however many items there are. A
 * failure, a task's or `consume`'s, waits for the tasks in flight before it is thrown, so no
 * task runs on after the caller has cleaned up (closed its worker pool, ended the process).
 *
 * Written here because p-limit and piscina both answer in completion order; ordered, bounded
 * and streaming together is what neither gives.
 */
export async function runInOrder<T, R>(
  items: readonly T[],
  ahead: number,
  start: (item: T) => Promise<R>,
  consume: (result: R, item: T) => void | Promise<void>,
): Promise<void> {
  const pending: Promise<R>[] = [];
  let next = 0;
  const launch = () => {
    const task = start(items[next++]!);
    // Settled at once so that a later task's rejection is never unhandled while we wait.
    task.catch(() => {});
    pending.push(task);
  };
  try {
    while (next < items.length && pending.length < Math.max(1, ahead)) launch();
    for (const item of items) {
      const result = await pending[0]!;
      pending.shift();
      if (next < items.length) launch();
      await consume(result, item);
    }
  } catch (error) {
    await Promise.allSettled(pending);
    throw error;
  }
}
