import { addedTokenPattern } from "./added-token-pattern.js";
import { countPreTokens } from "./count-pre-tokens.js";
import { DEFAULT_SPECIAL_TOKENS } from "./default-special-tokens.js";
import { compilePattern } from "./for-each-piece.js";
import { learnMerges } from "./learn-merges.js";
import { type DigitSplitting, preTokenizerPattern } from "./pre-tokenizer-pattern.js";
import { Tokenizer } from "./tokenizer.js";

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
  /** A pre-tokenizer regex of your own (JavaScript syntax, `u` flag); overrides `digits`. */
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
  pattern = preTokenizerPattern(digits),
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
