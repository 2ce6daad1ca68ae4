import { PairHeap } from "./pair-heap.js";

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
