/**
 * BPE training's bookkeeping of adjacent symbol pairs: how often each occurs (weighted by word
 * frequency), which words it occurs in, and a max-heap to find the most frequent.
 *
 * Heap entries are not updated in place. A popped entry whose count is stale is pushed back
 * with the current count; pairs whose count rises are pushed again by `flush`. Every pair thus
 * has an entry at least as large as its count, so a popped entry that is current is the true
 * most frequent pair.
 */
export class PairIndex {
  private readonly counts = new Map<number, number>();
  private readonly words = new Map<number, number[]>();
  private readonly risen = new Set<number>();
  private readonly heap = new PairHeap();

  /** Pair (a, b) is keyed `a * keyBase + b`; every symbol id must be below keyBase. */
  constructor(readonly keyBase: number) {}

  /** Changes the count of a pair by `delta`, noting `word` as a place it occurs when it grows. */
  add(key: number, delta: number, word: number): void {
    const count = (this.counts.get(key) ?? 0) + delta;
    if (count === 0) this.counts.delete(key);
    else this.counts.set(key, count);
    if (delta > 0) {
      this.risen.add(key);
      const list = this.words.get(key);
      if (list === undefined) this.words.set(key, [word]);
      else if (list[list.length - 1] !== word) list.push(word);
    }
  }

  /** Hands over (and forgets) the words a pair was seen in; some may no longer hold it. */
  takeWords(key: number): readonly number[] {
    const list = this.words.get(key) ?? [];
    this.words.delete(key);
    return list;
  }

  /** Makes the pairs whose counts rose since the last flush candidates again. */
  flush(): void {
    for (const key of this.risen) {
      const count = this.counts.get(key);
      if (count !== undefined) this.heap.push(count, key);
    }
    this.risen.clear();
  }

  /** Removes and returns the most frequent pair (ties: smaller key), or undefined when none. */
  popMostFrequent(): { key: number; count: number } | undefined {
    while (this.heap.size > 0) {
      const count = this.heap.topCount;
      const key = this.heap.topKey;
      this.heap.pop();
      const current = this.counts.get(key) ?? 0;
      if (current === count) return { key, count };
      if (current > 0) this.heap.push(current, key);
    }
    return undefined;
  }
}

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
