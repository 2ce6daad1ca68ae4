import { byteToUnicode } from "./byte-to-unicode.js";
import { PairHeap } from "./pair-heap.js";

export interface LearnMergesOptions {
  /** Distinct pre-tokens and how often each occurs. */
  readonly wordCounts: ReadonlyMap<string, number>;
  /** Stop when the byte tokens plus the learned ones reach this many. */
  readonly maxTokens: number;
  /** Stop when the most frequent pair occurs fewer times than this. */
  readonly minFrequency: number;
  /** Tokens that must not be formed (the special tokens' texts). */
  readonly forbidden: ReadonlySet<string>;
}

export interface LearnedMerges {
  /** Byte-level tokens: the 256 bytes in byte order, then one per new merge result. */
  readonly tokens: string[];
  /** Merges in the order learned, as pairs of tokens. */
  readonly merges: [string, string][];
}

/**
 * Byte-level BPE training (Sennrich et al. 2016, Alg. 1, on bytes as in GPT-2): start from the
 * 256 byte tokens and repeatedly merge the most frequent adjacent pair within words.
 *
 * Fast because nothing is recounted: pair counts live in a map and are updated by the local
 * change each merge makes ([x a b y] → [x ab y]: −(x,a) −(a,b) −(b,y) +(x,ab) +(ab,y), weighted
 * by the word's frequency), an index lists the words each pair occurs in, and a max-heap holds
 * candidate pairs. Heap entries are not updated in place: a popped entry whose count is stale
 * is pushed back with the current count (counts of existing pairs only fall; pairs whose count
 * rises are pushed again), so the top, once confirmed, is the true most frequent pair.
 *
 * Ties are broken by the smaller (left id, right id), so training is deterministic. When two
 * merges spell the same token ("ab"+"c" and "a"+"bc") both are kept and share one id, as in
 * Hugging Face `tokenizers`.
 */
export function learnMerges({
  wordCounts,
  maxTokens,
  minFrequency,
  forbidden,
}: LearnMergesOptions): LearnedMerges {
  const tokens = [...byteToUnicode];
  const tokenIds = new Map(tokens.map((token, id) => [token, id]));
  const merges: [string, string][] = [];
  const keyBase = Math.max(maxTokens, 256);

  // Words as symbol arrays (merges shrink them in place; `lengths` tracks the live part).
  const encoder = new TextEncoder();
  const words: Int32Array[] = [];
  const frequencies: number[] = [];
  for (const [word, count] of wordCounts) {
    const bytes = encoder.encode(word);
    if (bytes.length < 2) continue;
    words.push(Int32Array.from(bytes));
    frequencies.push(count);
  }
  const lengths = Int32Array.from(words, (w) => w.length);

  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, number[]>();
  const risen = new Set<number>();
  const addToPair = (key: number, delta: number, word: number): void => {
    const count = (pairCounts.get(key) ?? 0) + delta;
    if (count === 0) pairCounts.delete(key);
    else pairCounts.set(key, count);
    if (delta > 0) {
      risen.add(key);
      const list = pairWords.get(key);
      if (list === undefined) pairWords.set(key, [word]);
      else if (list[list.length - 1] !== word) list.push(word);
    }
  };

  words.forEach((symbols, w) => {
    for (let i = 0; i + 1 < symbols.length; i++) {
      addToPair(symbols[i] * keyBase + symbols[i + 1], frequencies[w], w);
    }
  });
  const heap = new PairHeap();
  const pushRisen = (): void => {
    for (const key of risen) {
      const count = pairCounts.get(key);
      if (count !== undefined && count > 0) heap.push(count, key);
    }
    risen.clear();
  };
  pushRisen();

  const done = new Set<number>();
  const visited = new Int32Array(words.length);
  let stamp = 0;
  const applyMerge = (a: number, b: number, merged: number): void => {
    const key = a * keyBase + b;
    const list = pairWords.get(key) ?? [];
    pairWords.delete(key);
    stamp++;
    for (const w of list) {
      if (visited[w] === stamp) continue;
      visited[w] = stamp;
      const symbols = words[w];
      const length = lengths[w];
      const f = frequencies[w];
      let write = 0;
      for (let read = 0; read < length; ) {
        if (read + 1 < length && symbols[read] === a && symbols[read + 1] === b) {
          // Neighbours: x is the already-rewritten symbol before, y the untouched one after.
          if (write > 0) {
            const x = symbols[write - 1];
            addToPair(x * keyBase + a, -f, w);
            addToPair(x * keyBase + merged, f, w);
          }
          if (read + 2 < length) {
            const y = symbols[read + 2];
            addToPair(b * keyBase + y, -f, w);
            addToPair(merged * keyBase + y, f, w);
          }
          addToPair(key, -f, w);
          symbols[write++] = merged;
          read += 2;
        } else {
          symbols[write++] = symbols[read++];
        }
      }
      lengths[w] = write;
    }
    pushRisen();
  };

  while (tokens.length < maxTokens && heap.size > 0) {
    const count = heap.topCount;
    const key = heap.topKey;
    heap.pop();
    const current = pairCounts.get(key) ?? 0;
    if (current !== count) {
      if (current > 0) heap.push(current, key);
      continue;
    }
    if (count < minFrequency) break;
    const a = Math.floor(key / keyBase);
    const b = key - a * keyBase;
    const text = tokens[a] + tokens[b];
    if (forbidden.has(text)) continue;
    let merged = tokenIds.get(text);
    if (merged === undefined) {
      merged = tokens.length;
      tokens.push(text);
      tokenIds.set(text, merged);
    }
    // A pair can reappear after a merge that re-forms an existing token; encoding merges it at
    // its first rank anyway, so it is applied here but listed once.
    if (!done.has(key)) {
      done.add(key);
      merges.push([tokens[a], tokens[b]]);
    }
    applyMerge(a, b, merged);
  }
  return { tokens, merges };
}
