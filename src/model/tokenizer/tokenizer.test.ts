import { describe, expect, it } from "vitest";
import { randomText, seededRandom } from "./test-helpers/random-text.js";
import { Tokenizer } from "./tokenizer.js";
import { TokenizerFormatError } from "./tokenizer-format-error.js";
import { DEFAULT_SPECIAL_TOKENS } from "./tokenizer-spec.js";
import { trainBpe } from "./train-bpe.js";

// Trained on the same kind of text it is tested on, so merges span multi-byte characters.
const corpusRandom = seededRandom(7);
const corpus = Array.from({ length: 400 }, () => randomText(corpusRandom, 80));
corpus.push(
  ..."The quick brown fox jumps over the lazy dog. 12 + 30 = 42.\n".repeat(20).split("\n"),
);
const tokenizer = trainBpe({ corpus, vocabSize: 700 });

describe("Tokenizer round trip", () => {
  it("decode(encode(s)) === s on 2000 seeded random Unicode strings", () => {
    const random = seededRandom(1234);
    for (let i = 0; i < 2000; i++) {
      const text = randomText(random);
      const ids = tokenizer.encode(text);
      expect(tokenizer.decode(ids), `seed 1234, string #${i}`).toBe(text);
      expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < tokenizer.vocabSize)).toBe(
        true,
      );
    }
  });

  it.each([
    ["empty", ""],
    ["emoji sequences", "👩‍💻 👍🏽🇫🇷😀"],
    ["CJK", "漢字とカタカナ 한국어"],
    ["combining marks", "e\u0301 a\u0308\u0301 \u0301alone"],
    ["whitespace runs", "   \t\t\n\n\r\n  x  \u3000\u00a0 "],
    ["only spaces", "        "],
    ["a leading byte-order mark", "\ufeffhello"],
    ["NUL and DEL", "\u0000\u007f"],
    ["the largest code point", "\u{10ffff}"],
    ["a long word (heap merge path)", `${"abcabc".repeat(200)}!!!!${"=".repeat(500)}`],
    ["special-token look-alikes", "<|user <|user| |user|> <tool_call"],
  ])("round-trips %s", (_name, text) => {
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it("encodes the empty string as no tokens", () => {
    expect(tokenizer.encode("")).toEqual([]);
    expect(tokenizer.decode([])).toBe("");
  });

  it("replaces lone surrogates with U+FFFD (they have no UTF-8 form), and nothing else", () => {
    const text = "a\ud800b\udc00c\ud83d";
    const ids = tokenizer.encode(text);
    expect(tokenizer.decode(ids)).toBe("a\ufffdb\ufffdc\ufffd");
    expect(ids).toEqual(tokenizer.encode("a\ufffdb\ufffdc\ufffd"));
  });

  it("gives the same ids whether a word was cached or not", () => {
    const fresh = trainBpe({ corpus, vocabSize: 700 });
    const text = corpus.slice(0, 50).join(" ");
    expect(fresh.encode(text)).toEqual(tokenizer.encode(text));
    expect(fresh.encode(text)).toEqual(tokenizer.encode(text));
  });
});

describe("Tokenizer special tokens", () => {
  const id = (token: string): number => tokenizer.specialTokenIds[token];

  it("matches special tokens in text as single tokens", () => {
    const ids = tokenizer.encode('<|user|>hi<|end|><|assistant|><tool_call>{"a":1}</tool_call>');
    expect(ids[0]).toBe(id("<|user|>"));
    expect(ids).toContain(id("<|end|>"));
    expect(ids).toContain(id("<tool_call>"));
    expect(ids.at(-1)).toBe(id("</tool_call>"));
    expect(ids.filter((i) => i < DEFAULT_SPECIAL_TOKENS.length)).toHaveLength(5);
  });

  it("matches back-to-back special tokens and ones at the very ends", () => {
    expect(tokenizer.encode("<|end|><|end|>")).toEqual([id("<|end|>"), id("<|end|>")]);
  });

  it("treats special-token text as plain text when parseSpecial is false", () => {
    const ids = tokenizer.encode("<|user|>", { parseSpecial: false });
    expect(ids.length).toBeGreaterThan(1);
    expect(ids.some((i) => i < DEFAULT_SPECIAL_TOKENS.length)).toBe(false);
    expect(tokenizer.decode(ids)).toBe("<|user|>");
  });

  it("decodes special tokens verbatim, or drops them with skipSpecialTokens", () => {
    const ids = tokenizer.encode("<|user|>2+2?<|end|>");
    expect(tokenizer.decode(ids)).toBe("<|user|>2+2?<|end|>");
    expect(tokenizer.decode(ids, { skipSpecialTokens: true })).toBe("2+2?");
  });

  it("prefers the longest special token at a position", () => {
    const nested = new Tokenizer({
      ...tokenizer.spec,
      tokens: [...tokenizer.spec.tokens, "<|end|>x"],
      addedTokens: [
        ...tokenizer.spec.addedTokens,
        { id: tokenizer.vocabSize, content: "<|end|>x", special: true },
      ],
    });
    expect(nested.encode("<|end|>x<|end|>")).toEqual([tokenizer.vocabSize, id("<|end|>")]);
  });
});

describe("Tokenizer decoding", () => {
  it("yields U+FFFD for bytes cut mid-character, and the bytes themselves from decodeBytes", () => {
    const ids = tokenizer.encode("😀", { parseSpecial: false });
    const bytes = tokenizer.decodeBytes(ids);
    expect([...bytes]).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    const firstByte = tokenizer.tokenToId("ð")!; // byte 0xF0 in the byte-level alphabet
    expect(tokenizer.decode([firstByte])).toBe("\ufffd");
  });

  it("throws a RangeError for an id outside the vocabulary", () => {
    expect(() => tokenizer.decode([tokenizer.vocabSize])).toThrow(RangeError);
    expect(() => tokenizer.decode([-1])).toThrow(/outside the vocabulary/);
  });

  it("accepts typed arrays of ids", () => {
    expect(tokenizer.decode(Int32Array.from(tokenizer.encode("abc")))).toBe("abc");
  });
});

describe("Tokenizer spec validation", () => {
  const spec = tokenizer.spec;

  it("names the merge whose token is missing", () => {
    const bad = { ...spec, merges: [...spec.merges, ["zzz", "q"] as const] };
    expect(() => new Tokenizer(bad, "mem")).toThrow(TokenizerFormatError);
    expect(() => new Tokenizer(bad, "mem")).toThrow(
      `mem: model.merges[${spec.merges.length}]: token "zzz" is not in the vocabulary`,
    );
  });

  it("requires a token for every byte", () => {
    const tokens = spec.tokens.map((t) => (t === "Ġ" ? "Ġ-gone" : t));
    expect(() => new Tokenizer({ ...spec, tokens, merges: [] })).toThrow(
      /byte 0x20 \("Ġ"\) has no token/,
    );
  });

  it("refuses a duplicated token and an invalid pattern", () => {
    expect(() => new Tokenizer({ ...spec, tokens: [...spec.tokens, "a"] })).toThrow(
      /token "a" has ids/,
    );
    expect(() => new Tokenizer({ ...spec, pattern: "(" })).toThrow(/pre_tokenizer: not a valid/);
  });
});
