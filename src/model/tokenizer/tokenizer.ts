import { addedTokenPattern, splitOnAddedTokens } from "./added-token-pattern.js";
import { unicodeToByte } from "./byte-to-unicode.js";
import { compilePattern, forEachPiece } from "./for-each-piece.js";
import { type MergeTable, mergeTable } from "./merge-table.js";
import { mergeWord } from "./merge-word.js";
import { TokenizerFormatError } from "./tokenizer-format-error.js";
import type { TokenizerSpec } from "./tokenizer-spec.js";

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

  private readonly tokenIds: ReadonlyMap<string, number>;
  private readonly tokenBytes: readonly Uint8Array[];
  private readonly isSpecial: Uint8Array;
  private readonly byteIds: Int32Array;
  private readonly merges: MergeTable;
  private readonly pieces: RegExp;
  private readonly addedIds: ReadonlyMap<string, number>;
  private readonly addedPattern: RegExp | undefined;
  private readonly cache = new Map<string, readonly number[]>();
  private readonly encoder = new TextEncoder();
  // ignoreBOM keeps a leading U+FEFF instead of silently dropping it, so it round-trips.
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  /**
   * @param source names the origin in errors (a file path, or "<memory>")
   * @throws TokenizerFormatError when the spec is inconsistent; `field` uses tokenizer.json names
   */
  constructor(spec: TokenizerSpec, source = "<memory>") {
    const fail = (field: string, reason: string): never => {
      throw new TokenizerFormatError({ path: source, field, reason });
    };
    this.spec = spec;
    const { tokens, merges, addedTokens, pattern } = spec;
    this.vocabSize = tokens.length;

    const tokenIds = new Map<string, number>();
    for (let id = 0; id < tokens.length; id++) {
      const token = tokens[id];
      if (typeof token !== "string") fail("model.vocab", `no token has id ${id}`);
      const earlier = tokenIds.get(token);
      if (earlier !== undefined) {
        fail("model.vocab", `token ${JSON.stringify(token)} has ids ${earlier} and ${id}`);
      }
      tokenIds.set(token, id);
    }
    this.tokenIds = tokenIds;

    const isSpecial = new Uint8Array(tokens.length);
    const addedIds = new Map<string, number>();
    const specialTokenIds: Record<string, number> = Object.create(null);
    addedTokens.forEach(({ id, content, special }, i) => {
      const field = `added_tokens[${i}]`;
      if (content === "") fail(field, "content is empty");
      if (tokens[id] !== content) {
        fail(
          field,
          `id ${id} is ${JSON.stringify(tokens[id])} in the vocabulary, not ${JSON.stringify(content)}`,
        );
      }
      addedIds.set(content, id);
      if (special) {
        isSpecial[id] = 1;
        specialTokenIds[content] = id;
      }
    });
    this.addedIds = addedIds;
    this.isSpecial = isSpecial;
    this.specialTokenIds = specialTokenIds;
    this.addedPattern = addedTokenPattern(addedIds.keys());

    this.tokenBytes = tokens.map((token, id) => {
      if (addedIds.get(token) === id) return this.encoder.encode(token);
      const bytes = new Uint8Array(token.length);
      for (let i = 0; i < token.length; i++) {
        const byte = unicodeToByte.get(token[i]);
        if (byte === undefined) {
          fail(
            "model.vocab",
            `token ${JSON.stringify(token)} (id ${id}) has a character outside the byte-level alphabet`,
          );
        }
        bytes[i] = byte!;
      }
      return bytes;
    });

    this.byteIds = new Int32Array(256);
    for (const [char, byte] of unicodeToByte) {
      const id = tokenIds.get(char);
      if (id === undefined || addedIds.get(char) === id) {
        fail(
          "model.vocab",
          `byte 0x${byte.toString(16).padStart(2, "0")} (${JSON.stringify(char)}) has no token`,
        );
      }
      this.byteIds[byte] = id!;
    }

    const triples = merges.map(([left, right], i): [number, number, number] => {
      const a = tokenIds.get(left);
      const b = tokenIds.get(right);
      const merged = tokenIds.get(left + right);
      if (a === undefined || b === undefined || merged === undefined) {
        const missing = a === undefined ? left : b === undefined ? right : left + right;
        fail(`model.merges[${i}]`, `token ${JSON.stringify(missing)} is not in the vocabulary`);
      }
      return [a!, b!, merged!];
    });
    this.merges = mergeTable(triples, tokens.length);

    this.pieces = compileOrFail(pattern, fail);
  }

  /**
   * @returns the token ids of `text`
   * @example tokenizer.encode("<|user|>2+2?<|end|>") // [3, …, 6]
   */
  encode(text: string, { parseSpecial = true }: EncodeOptions = {}): number[] {
    const ids: number[] = [];
    const added = this.addedPattern;
    if (!parseSpecial || added === undefined) {
      this.encodeOrdinary(text, ids);
      return ids;
    }
    splitOnAddedTokens(
      text,
      added,
      (ordinary) => this.encodeOrdinary(ordinary, ids),
      (content) => ids.push(this.addedIds.get(content)!),
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
      if (skipSpecialTokens && this.isSpecial[id]) continue;
      const bytes = this.bytesOf(id);
      out.set(bytes, at);
      at += bytes.length;
    }
    return at === length ? out : out.subarray(0, at);
  }

  /** @returns the id of a token (byte-level form for BPE tokens), or undefined */
  tokenToId(token: string): number | undefined {
    return this.tokenIds.get(token);
  }

  /** @returns the token of an id (byte-level form for BPE tokens), or undefined */
  idToToken(id: number): string | undefined {
    return this.spec.tokens[id];
  }

  private bytesOf(id: number): Uint8Array {
    const bytes = this.tokenBytes[id];
    if (bytes === undefined) {
      throw new RangeError(`token id ${id} is outside the vocabulary [0, ${this.vocabSize})`);
    }
    return bytes;
  }

  /** Encodes text that holds no added token: pre-tokenize, then BPE each piece. */
  private encodeOrdinary(text: string, ids: number[]): void {
    forEachPiece(text, this.pieces, (piece) => this.encodeWord(piece, ids));
  }

  private encodeWord(word: string, ids: number[]): void {
    const cached = this.cache.get(word);
    if (cached !== undefined) {
      for (let i = 0; i < cached.length; i++) ids.push(cached[i]);
      return;
    }
    const bytes = this.encoder.encode(word);
    const symbols = new Array<number>(bytes.length);
    for (let i = 0; i < bytes.length; i++) symbols[i] = this.byteIds[bytes[i]];
    const merged = mergeWord(symbols, this.merges);
    for (let i = 0; i < merged.length; i++) ids.push(merged[i]);
    if (word.length <= MAX_CACHED_WORD) {
      if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.clear();
      this.cache.set(word, merged);
    }
  }
}

function compileOrFail(pattern: string, fail: (field: string, reason: string) => never): RegExp {
  try {
    return compilePattern(pattern);
  } catch (error) {
    return fail(
      "pre_tokenizer",
      `not a valid JavaScript regular expression: ${(error as Error).message}`,
    );
  }
}
