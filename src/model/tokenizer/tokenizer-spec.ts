/** A token matched as a whole in text before pre-tokenization, like `<|user|>`. */
export interface AddedToken {
  readonly id: number;
  readonly content: string;
  /** Special tokens (roles, separators) are dropped by `decode(ids, { skipSpecialTokens })`. */
  readonly special: boolean;
}

/**
 * Everything that defines a byte-level BPE tokenizer, as plain data — what training produces,
 * what tokenizer.json stores, and what the `Tokenizer` constructor takes.
 */
export interface TokenizerSpec {
  /**
   * id → token. BPE tokens are written in the byte-level alphabet (see `byteToUnicode`: " the"
   * is "Ġthe"); added tokens are their literal content.
   */
  readonly tokens: readonly string[];
  /** Merges in priority order, each a pair of tokens whose concatenation is also a token. */
  readonly merges: readonly (readonly [string, string])[];
  readonly addedTokens: readonly AddedToken[];
  /** Pre-tokenizer regex (JavaScript syntax with the `u` flag), see `preTokenizerPattern`. */
  readonly pattern: string;
}
