/**
 * The merges of a BPE model in the form encoding needs: "which pair merges first, into what".
 *
 * A pair of token ids (a, b) is keyed as `a * keyBase + b` (keyBase = vocabulary size) so lookups
 * use a number, not a string; below ~46k tokens the key is a small integer, V8's fastest map key.
 */
export interface MergeTable {
  readonly keyBase: number;
  /** pair key → rank (0 = merged first). */
  readonly ranks: ReadonlyMap<number, number>;
  /** rank → id of the merged token. */
  readonly mergedIds: Int32Array;
}

/** Builds the table from `[a, b, merged]` id triples in rank order. */
export function mergeTable(
  merges: readonly (readonly [number, number, number])[],
  vocabSize: number,
): MergeTable {
  const ranks = new Map<number, number>();
  const mergedIds = new Int32Array(merges.length);
  merges.forEach(([a, b, merged], rank) => {
    const key = a * vocabSize + b;
    // A repeated pair keeps its first (lowest) rank, as in Hugging Face `tokenizers`.
    if (!ranks.has(key)) ranks.set(key, rank);
    mergedIds[rank] = merged;
  });
  return { keyBase: vocabSize, ranks, mergedIds };
}

/** Above this many symbols the O(n log n) heap version beats the simple O(n · merges) scan. */
const LONG_WORD = 48;

/**
 * Applies BPE merges to one pre-token: repeatedly merges the adjacent pair with the lowest rank
 * (all its occurrences, left to right) until no adjacent pair has a rank — GPT-2's `bpe()`.
 *
 * @param symbols initial token ids (one per byte); overwritten, not kept
 * @returns the merged token ids
 */
export function mergeWord(symbols: number[], table: MergeTable): number[] {
  return symbols.length > LONG_WORD
    ? mergeLongWord(symbols, table)
    : mergeShortWord(symbols, table);
}

/** The direct algorithm: scan for the best pair, merge it everywhere, repeat. */
export function mergeShortWord(
  symbols: number[],
  { keyBase, ranks, mergedIds }: MergeTable,
): number[] {
  let length = symbols.length;
  while (length > 1) {
    let bestRank = Number.POSITIVE_INFINITY;
    let bestAt = -1;
    for (let i = 0; i < length - 1; i++) {
      const rank = ranks.get(symbols[i] * keyBase + symbols[i + 1]);
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        bestAt = i;
      }
    }
    if (bestAt < 0) break;
    const a = symbols[bestAt];
    const b = symbols[bestAt + 1];
    const merged = mergedIds[bestRank];
    let write = bestAt;
    for (let read = bestAt; read < length; ) {
      if (read < length - 1 && symbols[read] === a && symbols[read + 1] === b) {
        symbols[write++] = merged;
        read += 2;
      } else {
        symbols[write++] = symbols[read++];
      }
    }
    length = write;
  }
  symbols.length = length;
  return symbols;
}

/**
 * Same result as {@link mergeShortWord} in O(n log n): a min-heap of (rank, position) over a
 * doubly linked list of symbols, as Hugging Face `tokenizers` does. Equal ranks pop leftmost
 * first, and a merge can only create pairs ranked after itself (they contain the new token), so
 * every occurrence of a pair is merged before any later pair — the order of the scan above.
 * Entries made stale by a neighbouring merge are skipped when popped.
 */
export function mergeLongWord(
  symbols: number[],
  { keyBase, ranks, mergedIds }: MergeTable,
): number[] {
  const n = symbols.length;
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1 < n ? i + 1 : -1;
    prev[i] = i - 1;
  }
  const alive = new Uint8Array(n).fill(1);
  // Priority = rank · n + position, exact in a double for any realistic rank and length.
  const heap = new MinHeap();
  const pushPair = (at: number): void => {
    const after = next[at];
    if (after < 0) return;
    const rank = ranks.get(symbols[at] * keyBase + symbols[after]);
    if (rank !== undefined) heap.push(rank * n + at);
  };
  for (let i = 0; i < n - 1; i++) pushPair(i);

  while (heap.size > 0) {
    const top = heap.pop();
    const at = top % n;
    const rank = (top - at) / n;
    const after = next[at];
    if (!alive[at] || after < 0) continue;
    if (ranks.get(symbols[at] * keyBase + symbols[after]) !== rank) continue;
    symbols[at] = mergedIds[rank];
    alive[after] = 0;
    next[at] = next[after];
    if (next[at] >= 0) prev[next[at]] = at;
    if (prev[at] >= 0) pushPair(prev[at]);
    pushPair(at);
  }

  let write = 0;
  for (let i = 0; i >= 0; i = next[i]) symbols[write++] = symbols[i];
  symbols.length = write;
  return symbols;
}

/** A binary min-heap of non-negative doubles. */
class MinHeap {
  private items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent] <= value) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      const n = items.length;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && items[child + 1] < items[child]) child++;
        if (items[child] >= last) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
