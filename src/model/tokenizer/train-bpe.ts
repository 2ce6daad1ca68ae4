import { PairIndex } from "./pair-index.js";
import {
  addedTokenPattern,
  compilePattern,
  type DigitSplitting,
  forEachPiece,
  preTokenizerPattern,
  type SpaceSplitting,
  splitOnAddedTokens,
} from "./pre-tokenize.js";
import { Tokenizer } from "./tokenizer.js";
import { byteToUnicode, DEFAULT_SPECIAL_TOKENS } from "./tokenizer-spec.js";

export interface TrainBpeOptions {
  /** Documents to learn from; special tokens written in them are cut out first. */
  readonly corpus: Iterable<string>;
  /**
   * Total ids wanted: special tokens + 256 byte tokens + learned merges. Training stops earlier
   * when no pair occurs `minFrequency` times; read the result's `vocabSize`.
   */
  readonly vocabSize: number;
  /** Get ids 0 … n−1 in this order. */
  readonly specialTokens?: readonly string[];
  /** Pairs seen fewer times are never merged (a pair seen once teaches nothing). */
  readonly minFrequency?: number;
  /** Whether each digit is a pre-token of its own; see `preTokenizerPattern`. */
  readonly digits?: DigitSplitting;
  /** Whether a space leads the next word or stands alone; see `preTokenizerPattern`. */
  readonly spaces?: SpaceSplitting;
  /** A pre-tokenizer regex of your own (JavaScript syntax, `u` flag); overrides `digits`, `spaces`. */
  readonly pattern?: string;
}

/**
 * Trains a byte-level BPE tokenizer.
 *
 * Id layout: special tokens first (0 … S−1, stable whatever the vocabulary size), then the 256
 * byte tokens in byte order (S + b), then merge results in the order learned.
 *
 * @example
 * const tokenizer = trainBpe({ corpus: lines, vocabSize: 512 });
 * tokenizer.encode("<|user|>What is 12*7?<|end|>");
 */
export function trainBpe({
  corpus,
  vocabSize,
  specialTokens = DEFAULT_SPECIAL_TOKENS,
  minFrequency = 2,
  digits = "individual",
  spaces = "attached",
  pattern = preTokenizerPattern(digits, spaces),
}: TrainBpeOptions): Tokenizer {
  const specials = new Set(specialTokens);
  if (specials.size !== specialTokens.length) {
    throw new RangeError(`special tokens must be distinct: ${JSON.stringify(specialTokens)}`);
  }
  if (specials.has("")) throw new RangeError("a special token cannot be empty");
  if (!Number.isInteger(vocabSize) || vocabSize < specials.size + 256) {
    throw new RangeError(
      `vocabSize ${vocabSize} must be an integer ≥ ${specials.size + 256} (special tokens + 256 bytes)`,
    );
  }
  if (!(minFrequency >= 1)) throw new RangeError(`minFrequency ${minFrequency} must be ≥ 1`);

  const wordCounts = countPreTokens(corpus, compilePattern(pattern), addedTokenPattern(specials));
  // One string cannot name two ids: merges never form a special token's text, and a special
  // spelled like a byte's character (a lone "!") is refused below.
  const { tokens, merges } = learnMerges({
    wordCounts,
    maxTokens: vocabSize - specials.size,
    minFrequency,
    forbidden: specials,
  });
  const collision = specialTokens.find((special) => tokens.includes(special));
  if (collision !== undefined) {
    throw new RangeError(`special token ${JSON.stringify(collision)} is also a byte-level token`);
  }
  return new Tokenizer({
    tokens: [...specialTokens, ...tokens],
    merges,
    addedTokens: specialTokens.map((content, id) => ({ id, content, special: true })),
    pattern,
  });
}

/**
 * Counts the pre-tokens of a corpus — BPE training only needs each distinct word and how often
 * it occurs. Special tokens written in the text are cut out and not counted, so no merge ever
 * learns a piece of `<|user|>`.
 *
 * @param pieces the pre-tokenizer regex (global, unicode)
 * @param added matches special tokens, or undefined when there are none
 */
export function countPreTokens(
  corpus: Iterable<string>,
  pieces: RegExp,
  added: RegExp | undefined,
): Map<string, number> {
  const counts = new Map<string, number>();
  const countPiece = (piece: string): void => {
    counts.set(piece, (counts.get(piece) ?? 0) + 1);
  };
  const countText = (text: string): void => forEachPiece(text, pieces, countPiece);
  for (const document of corpus) {
    if (added === undefined) countText(document);
    else splitOnAddedTokens(document, added, countText, () => {});
  }
  return counts;
}

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

/** Words as symbol arrays; merges shrink them in place, `lengths` tracks the live part. */
interface Words {
  readonly symbols: Int32Array[];
  readonly lengths: Int32Array;
  readonly frequencies: readonly number[];
}

/**
 * Byte-level BPE training (Sennrich et al. 2016, Alg. 1, on bytes as in GPT-2): start from the
 * 256 byte tokens and repeatedly merge the most frequent adjacent pair within words.
 *
 * Fast because nothing is recounted: pair counts are updated by the local change each merge
 * makes, only in the words that hold the pair (see `PairIndex`). Ties are broken by the smaller
 * (left id, right id), so training is deterministic. When two merges spell the same token
 * ("ab"+"c" and "a"+"bc") both are kept and share one id, as in Hugging Face `tokenizers`.
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
  const pairs = new PairIndex(Math.max(maxTokens, 256));
  const words = toWords(wordCounts);
  words.symbols.forEach((symbols, w) => {
    for (let i = 0; i + 1 < symbols.length; i++) {
      pairs.add(symbols[i] * pairs.keyBase + symbols[i + 1], words.frequencies[w], w);
    }
  });
  pairs.flush();

  const done = new Set<number>();
  while (tokens.length < maxTokens) {
    const best = pairs.popMostFrequent();
    if (best === undefined || best.count < minFrequency) break;
    const a = Math.floor(best.key / pairs.keyBase);
    const b = best.key - a * pairs.keyBase;
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
    if (!done.has(best.key)) {
      done.add(best.key);
      merges.push([tokens[a], tokens[b]]);
    }
    applyMerge(words, pairs, a, b, merged);
  }
  return { tokens, merges };
}

function toWords(wordCounts: ReadonlyMap<string, number>): Words {
  const encoder = new TextEncoder();
  const symbols: Int32Array[] = [];
  const frequencies: number[] = [];
  for (const [word, count] of wordCounts) {
    const bytes = encoder.encode(word);
    if (bytes.length < 2) continue; // nothing to merge
    symbols.push(Int32Array.from(bytes));
    frequencies.push(count);
  }
  return { symbols, lengths: Int32Array.from(symbols, (s) => s.length), frequencies };
}

/**
 * Rewrites every occurrence of (a, b) as `merged` in the words holding it, updating the pair
 * counts by the local change, weighted by the word's frequency:
 * [x a b y] → [x ab y] is −(x,a) −(a,b) −(b,y) +(x,ab) +(ab,y).
 */
function applyMerge(words: Words, pairs: PairIndex, a: number, b: number, merged: number): void {
  const { keyBase } = pairs;
  const key = a * keyBase + b;
  const seen = new Set<number>();
  for (const w of pairs.takeWords(key)) {
    if (seen.has(w)) continue;
    seen.add(w);
    const symbols = words.symbols[w];
    const length = words.lengths[w];
    const f = words.frequencies[w];
    let write = 0;
    for (let read = 0; read < length; ) {
      if (read + 1 < length && symbols[read] === a && symbols[read + 1] === b) {
        // x is the already-rewritten symbol before, y the untouched one after.
        if (write > 0) {
          const x = symbols[write - 1];
          pairs.add(x * keyBase + a, -f, w);
          pairs.add(x * keyBase + merged, f, w);
        }
        if (read + 2 < length) {
          const y = symbols[read + 2];
          pairs.add(b * keyBase + y, -f, w);
          pairs.add(merged * keyBase + y, f, w);
        }
        pairs.add(key, -f, w);
        symbols[write++] = merged;
        read += 2;
      } else {
        symbols[write++] = symbols[read++];
      }
    }
    words.lengths[w] = write;
  }
  pairs.flush();
}
