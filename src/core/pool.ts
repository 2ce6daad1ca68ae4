import pLimit from "p-limit";

/**
 * toolgym's one concurrency helper, on p-limit: a limit shared across calls (`createPool`, an
 * endpoint's requests in flight) and a bounded map over a list (`mapPool`, the episodes of a
 * rollout, the entries of a benchmark). What p-limit leaves to its caller is here, once: a
 * waiter whose signal aborts leaves at once, and a failed map waits for the work in flight
 * before it rejects, so nothing runs on after the caller has cleaned up.
 */
export interface Pool {
  /**
   * Runs `task` when one of the pool's slots is free (FIFO). A `signal` aborted while the task
   * waits rejects with its reason at once; once started, the task itself must heed the signal.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** A pool of `concurrency` slots (at least 1). */
export function createPool(concurrency: number): Pool {
  const limit = pLimit(Math.max(1, concurrency));
  return {
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      let started = false;
      const queued = limit(() => {
        started = true;
        // Aborted while waiting: the caller has been answered; free the slot at once.
        signal?.throwIfAborted();
        return task();
      });
      if (signal === undefined) return queued;
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          if (!started) reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        queued.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      });
    },
  };
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight, started in input order, and
 * returns the results in input order. The first rejection (or an abort of `signal`) stops new
 * work from starting and is rethrown once the work in flight has settled.
 *
 * @example
 * const sizes = await mapPool(files, { concurrency: 4 }, (file) => stat(file).then((s) => s.size));
 */
export async function mapPool<T, R>(
  items: readonly T[],
  { concurrency, signal }: { concurrency: number; signal?: AbortSignal },
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const limit = pLimit(Math.max(1, concurrency));
  let failure: { error: unknown } | undefined;
  const runs = items.map((item, index) =>
    limit(async (): Promise<R | undefined> => {
      if (failure === undefined && signal?.aborted) failure = { error: signal.reason };
      if (failure !== undefined) return undefined;
      try {
        return await work(item, index);
      } catch (error) {
        failure ??= { error };
        return undefined;
      }
    }),
  );
  const results = await Promise.all(runs);
  if (failure !== undefined) throw failure.error;
  return results as R[];
}
