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

/**
 * The special tokens every toolgym tokenizer gets unless told otherwise: document separator,
 * padding, the chat roles, end of turn, and the text tool-call delimiters of DESIGN.md
 * (`<tool_call>{"name": …, "arguments": {…}}</tool_call>`).
 *
 * Special tokens take the lowest ids, in this order (`<|endoftext|>` = 0 … `</tool_call>` = 8),
 * so their ids do not move when the vocabulary size changes. Never reorder this list: saved
 * checkpoints depend on it. Append new tokens at the end.
 */
export const DEFAULT_SPECIAL_TOKENS = [
  "<|endoftext|>",
  "<|pad|>",
  "<|system|>",
  "<|user|>",
  "<|assistant|>",
  "<|tool|>",
  "<|end|>",
  "<tool_call>",
  "</tool_call>",
] as const;

/**
 * GPT-2's reversible byte → printable-character mapping, the alphabet of every byte-level BPE
 * vocabulary (and of Hugging Face `tokenizers`' ByteLevel pre-tokenizer and decoder).
 *
 * Why: BPE merges and vocabularies are stored as text, so each of the 256 byte values needs a
 * visible, non-whitespace character. Printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') map
 * to themselves; the other 68 (controls, space, soft hyphen…) map to U+0100 upward in byte
 * order, which is why a space reads as "Ġ" (U+0120) and a newline as "Ċ" (U+010A).
 */
function buildByteToUnicode(): readonly string[] {
  const table: string[] = new Array(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || b >= 0xae;
    table[b] = String.fromCharCode(printable ? b : next++);
  }
  return table;
}

/** `byteToUnicode[b]` is the one-character string that stands for byte `b`. */
export const byteToUnicode: readonly string[] = buildByteToUnicode();

/** The inverse of {@link byteToUnicode}: character → byte value. */
export const unicodeToByte: ReadonlyMap<string, number> = new Map(
  byteToUnicode.map((char, byte) => [char, byte]),
);
