/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait in FIFO order.
 *
 * Hand-written because it is ~30 lines and no small, well-kept library for it is installed
 * (adding a dependency means touching package.json, which several people edit at once).
 */
export interface Semaphore {
  /** Runs `task` when a slot is free; a `signal` aborted while waiting rejects with its reason. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export function createSemaphore(limit: number): Semaphore {
  let running = 0;
  const waiting: (() => void)[] = [];

  const acquire = (signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    if (running < limit) {
      running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        running += 1;
        resolve();
      };
      const onAbort = () => {
        waiting.splice(waiting.indexOf(wake), 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      waiting.push(wake);
    });
  };

  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };

  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
