import { mergeWord } from "./merge-word.js";
import { forEachPiece, splitOnAddedTokens } from "./pre-tokenize.js";
import type { TokenizerSpec } from "./tokenizer-spec.js";
import { type TokenizerTables, tokenizerTables } from "./tokenizer-tables.js";

/** Words longer than this are encoded each time rather than cached (they rarely repeat). */
const MAX_CACHED_WORD = 64;
/** The word cache is emptied when it reaches this many entries, bounding its memory. */
const MAX_CACHE_ENTRIES = 100_000;

export interface EncodeOptions {
  /**
   * Recognize added tokens (`<|user|>`, `<tool_call>` …) written in the text as single tokens.
   * Turn off for untrusted text that must not be able to forge a role or a tool call: it is
   * then encoded byte by byte like any other text.
   */
  readonly parseSpecial?: boolean;
}

export interface DecodeOptions {
  /** Leave special tokens out of the text. */
  readonly skipSpecialTokens?: boolean;
}

/**
 * A byte-level BPE tokenizer (GPT-2's scheme, saved and loaded as Hugging Face tokenizer.json).
 *
 * encode: text → split on added tokens → pre-tokenize by regex → each piece's UTF-8 bytes →
 * byte tokens → BPE merges. decode: ids → bytes → UTF-8 text.
 *
 * Round trip: `decode(encode(s)) === s` for every well-formed string — every piece of text maps
 * to bytes and back, nothing is normalized or dropped. A JavaScript string can also hold lone
 * surrogates (half of a UTF-16 pair), which have no UTF-8 form: encode writes each as U+FFFD
 * (the WHATWG `TextEncoder` rule), so for such strings `decode(encode(s))` is `s` with every
 * lone surrogate replaced by "\uFFFD". Decoding ids that end inside a multi-byte character (a
 * sampler's partial output) likewise yields U+FFFD for the incomplete bytes; use `decodeBytes`
 * to stream.
 */
export class Tokenizer {
  /** The description this tokenizer was built from (what `toTokenizerJson` saves). */
  readonly spec: TokenizerSpec;
  /** Number of ids: every id in [0, vocabSize) is a token. */
  readonly vocabSize: number;
  /** Content → id of every special added token, e.g. `specialTokenIds["<|user|>"]`. */
  readonly specialTokenIds: Readonly<Record<string, number>>;

  private readonly tables: TokenizerTables;
  private readonly cache = new Map<string, readonly number[]>();
  private readonly encoder = new TextEncoder();
  // ignoreBOM keeps a leading U+FEFF instead of silently dropping it, so it round-trips.
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  /**
   * @param source names the origin in errors (a file path, or "<memory>")
   * @throws TokenizerFormatError when the spec is inconsistent; `field` uses tokenizer.json names
   */
  constructor(spec: TokenizerSpec, source = "<memory>") {
    this.spec = spec;
    this.vocabSize = spec.tokens.length;
    this.tables = tokenizerTables(spec, source);
    this.specialTokenIds = this.tables.specialTokenIds;
  }

  /**
   * @returns the token ids of `text`
   * @example tokenizer.encode("<|user|>2+2?<|end|>") // [3, …, 6]
   */
  encode(text: string, { parseSpecial = true }: EncodeOptions = {}): number[] {
    const ids: number[] = [];
    const added = this.tables.addedPattern;
    if (!parseSpecial || added === undefined) {
      this.encodeOrdinary(text, ids);
      return ids;
    }
    splitOnAddedTokens(
      text,
      added,
      (ordinary) => this.encodeOrdinary(ordinary, ids),
      (content) => ids.push(this.tables.addedIds.get(content)!),
    );
    return ids;
  }

  /** @returns the text of `ids`; bytes that are not valid UTF-8 become U+FFFD */
  decode(ids: ArrayLike<number>, { skipSpecialTokens = false }: DecodeOptions = {}): string {
    return this.decoder.decode(this.decodeBytes(ids, { skipSpecialTokens }));
  }

  /** @returns the UTF-8 bytes of `ids`, for streaming decoders that hold back partial characters */
  decodeBytes(
    ids: ArrayLike<number>,
    { skipSpecialTokens = false }: DecodeOptions = {},
  ): Uint8Array {
    let length = 0;
    for (let i = 0; i < ids.length; i++) length += this.bytesOf(ids[i]).length;
    const out = new Uint8Array(length);
    let at = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (skipSpecialTokens && this.tables.isSpecial[id]) continue;
      const bytes = this.bytesOf(id);
      out.set(bytes, at);
      at += bytes.length;
    }
    return at === length ? out : out.subarray(0, at);
  }

  /** @returns the id of a token (byte-level form for BPE tokens), or undefined */
  tokenToId(token: string): number | undefined {
    return this.tables.tokenIds.get(token);
  }

  /** @returns the token of an id (byte-level form for BPE tokens), or undefined */
  idToToken(id: number): string | undefined {
    return this.spec.tokens[id];
  }

  private bytesOf(id: number): Uint8Array {
    const bytes = this.tables.tokenBytes[id];
    if (bytes === undefined) {
      throw new RangeError(`token id ${id} is outside the vocabulary [0, ${this.vocabSize})`);
    }
    return bytes;
  }

  /** Encodes text that holds no added token: pre-tokenize, then BPE each piece. */
  private encodeOrdinary(text: string, ids: number[]): void {
    forEachPiece(text, this.tables.pieces, (piece) => this.encodeWord(piece, ids));
  }

  private encodeWord(word: string, ids: number[]): void {
    const cached = this.cache.get(word);
    if (cached !== undefined) {
      for (let i = 0; i < cached.length; i++) ids.push(cached[i]);
      return;
    }
    const bytes = this.encoder.encode(word);
    const symbols = new Array<number>(bytes.length);
    for (let i = 0; i < bytes.length; i++) symbols[i] = this.tables.byteIds[bytes[i]];
    const merged = mergeWord(symbols, this.tables.merges);
    for (let i = 0; i < merged.length; i++) ids.push(merged[i]);
    if (word.length <= MAX_CACHED_WORD) {
      if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
      this.cache.set(word, merged);
    }
  }
}
