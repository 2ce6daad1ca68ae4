import { type MergeTable, mergeTable } from "./merge-word.js";
import { addedTokenPattern, compilePattern } from "./pre-tokenize.js";
import { TokenizerFormatError } from "./tokenizer-format-error.js";
import type { TokenizerSpec } from "./tokenizer-spec.js";
import { unicodeToByte } from "./tokenizer-spec.js";

/** The lookup tables a `Tokenizer` encodes and decodes with, derived from its spec. */
export interface TokenizerTables {
  /** token text → id */
  readonly tokenIds: ReadonlyMap<string, number>;
  /** id → the UTF-8 bytes it stands for */
  readonly tokenBytes: readonly Uint8Array[];
  /** id → 1 for special tokens */
  readonly isSpecial: Uint8Array;
  readonly specialTokenIds: Readonly<Record<string, number>>;
  /** added token content → id */
  readonly addedIds: ReadonlyMap<string, number>;
  /** finds added tokens in text (longest first); undefined when there are none */
  readonly addedPattern: RegExp | undefined;
  /** byte value → id of its token */
  readonly byteIds: Int32Array;
  readonly merges: MergeTable;
  /** the pre-tokenizer regex, global and unicode */
  readonly pieces: RegExp;
}

/**
 * Checks a spec for consistency and builds its tables.
 * @throws TokenizerFormatError naming `source` and the tokenizer.json field at fault
 */
export function tokenizerTables(
  { tokens, merges, addedTokens, pattern }: TokenizerSpec,
  source: string,
): TokenizerTables {
  const fail = (field: string, reason: string): never => {
    throw new TokenizerFormatError({ path: source, field, reason });
  };

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

  const isSpecial = new Uint8Array(tokens.length);
  const addedIds = new Map<string, number>();
  const specialTokenIds: Record<string, number> = Object.create(null);
  addedTokens.forEach(({ id, content, special }, i) => {
    if (content === "") fail(`added_tokens[${i}]`, "content is empty");
    if (tokens[id] !== content) {
      const reason = `id ${id} is ${JSON.stringify(tokens[id])} in the vocabulary, not ${JSON.stringify(content)}`;
      fail(`added_tokens[${i}]`, reason);
    }
    addedIds.set(content, id);
    if (special) {
      isSpecial[id] = 1;
      specialTokenIds[content] = id;
    }
  });

  // Added tokens stand for their UTF-8 text; BPE tokens for the bytes their characters encode.
  const tokenBytes = tokens.map((token, id) => {
    if (addedIds.get(token) === id) return new TextEncoder().encode(token);
    const bytes = new Uint8Array(token.length);
    for (let i = 0; i < token.length; i++) {
      const byte = unicodeToByte.get(token[i]);
      if (byte === undefined) {
        const reason = `token ${JSON.stringify(token)} (id ${id}) has a character outside the byte-level alphabet`;
        fail("model.vocab", reason);
      }
      bytes[i] = byte!;
    }
    return bytes;
  });

  const byteIds = new Int32Array(256);
  for (const [char, byte] of unicodeToByte) {
    const id = tokenIds.get(char);
    if (id === undefined || addedIds.get(char) === id) {
      const hex = byte.toString(16).padStart(2, "0");
      fail("model.vocab", `byte 0x${hex} (${JSON.stringify(char)}) has no token`);
    }
    byteIds[byte] = id!;
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

  let pieces: RegExp | undefined;
  try {
    pieces = compilePattern(pattern);
  } catch (error) {
    fail("pre_tokenizer", `not a valid JavaScript regular expression: ${(error as Error).message}`);
  }

  return {
    tokenIds,
    tokenBytes,
    isSpecial,
    specialTokenIds,
    addedIds,
    addedPattern: addedTokenPattern(addedIds.keys()),
    byteIds,
    merges: mergeTable(triples, tokens.length),
    pieces: pieces!,
  };
}
