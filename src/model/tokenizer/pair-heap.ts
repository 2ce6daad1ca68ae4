/**
 * A binary max-heap of (count, pair key) used by BPE training: the most frequent pair on top,
 * ties broken by the smaller key so training is deterministic. Entries go stale when a pair's
 * count changes; the trainer re-checks the count of what it pops.
 */
export class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  push(count: number, key: number): void {
    const { counts, keys } = this;
    let i = counts.length;
    counts.push(count);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!above(count, key, counts[parent], keys[parent])) break;
      counts[i] = counts[parent];
      keys[i] = keys[parent];
      i = parent;
    }
    counts[i] = count;
    keys[i] = key;
  }

  /** Removes the top entry; read it first with `topCount` / `topKey`. */
  pop(): void {
    const { counts, keys } = this;
    const count = counts.pop()!;
    const key = keys.pop()!;
    const n = counts.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && above(counts[child + 1], keys[child + 1], counts[child], keys[child])) {
        child++;
      }
      if (!above(counts[child], keys[child], count, key)) break;
      counts[i] = counts[child];
      keys[i] = keys[child];
      i = child;
    }
    counts[i] = count;
    keys[i] = key;
  }

  get topCount(): number {
    return this.counts[0];
  }

  get topKey(): number {
    return this.keys[0];
  }
}

function above(countA: number, keyA: number, countB: number, keyB: number): boolean {
  return countA > countB || (countA === countB && keyA < keyB);
}
