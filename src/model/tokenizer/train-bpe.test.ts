import { describe, expect, it } from "vitest";
import { DEFAULT_SPECIAL_TOKENS } from "./tokenizer-spec.js";
import { trainBpe } from "./train-bpe.js";

// Word counts under GPT-2 pre-tokenization: "hug" 1, " hug" 2, " pug" 1, " pun" 1, " bun" 1,
// " hugs" 1. Pair counts: (u,g) 5, (h,u) 4, (Ġ,h) 3, (Ġ,p) 2, (p,u) 2, (u,n) 2, others 1.
const TOY = ["hug hug hug pug pun bun hugs"];

describe("trainBpe", () => {
  it("learns the hand-computed merges of a toy corpus, most frequent pair first", () => {
    const tokenizer = trainBpe({ corpus: TOY, vocabSize: 1000, specialTokens: [] });
    // After (u,g): (h,ug) 4; after (h,ug): (Ġ,hug) 3; then (Ġ,p) and (u,n) tie at 2 and the
    // smaller pair (Ġ = byte 32 before u = 117) goes first; then every pair occurs once.
    expect(tokenizer.spec.merges).toEqual([
      ["u", "g"],
      ["h", "ug"],
      ["Ġ", "hug"],
      ["Ġ", "p"],
      ["u", "n"],
    ]);
    expect(tokenizer.vocabSize).toBe(256 + 5);
    const tokens = tokenizer.encode(" hugs pun").map((id) => tokenizer.idToToken(id));
    expect(tokens).toEqual(["Ġhug", "s", "Ġp", "un"]);
  });

  it("with minFrequency 1 goes on to pairs seen once, until vocabSize", () => {
    const tokenizer = trainBpe({
      corpus: TOY,
      vocabSize: 256 + 8,
      specialTokens: [],
      minFrequency: 1,
    });
    expect(tokenizer.vocabSize).toBe(256 + 8);
    expect(tokenizer.spec.merges).toHaveLength(8);
  });

  it("stops at vocabSize", () => {
    const tokenizer = trainBpe({ corpus: TOY, vocabSize: 256 + 2, specialTokens: [] });
    expect(tokenizer.spec.merges).toEqual([
      ["u", "g"],
      ["h", "ug"],
    ]);
  });

  it("gives special tokens the first ids, then bytes in byte order, then merges", () => {
    const tokenizer = trainBpe({ corpus: TOY, vocabSize: 1000 });
    const specials = DEFAULT_SPECIAL_TOKENS.length;
    DEFAULT_SPECIAL_TOKENS.forEach((token, id) => {
      expect(tokenizer.specialTokenIds[token]).toBe(id);
      expect(tokenizer.idToToken(id)).toBe(token);
    });
    expect(tokenizer.tokenToId("A")).toBe(specials + 0x41);
    expect(tokenizer.tokenToId("Ġ")).toBe(specials + 0x20);
    expect(tokenizer.tokenToId("ug")).toBe(specials + 256);
  });

  it("does not learn from special tokens written in the corpus", () => {
    const corpus = Array.from({ length: 50 }, () => "<|user|>hi<|end|>");
    const tokenizer = trainBpe({ corpus, vocabSize: 1000 });
    // Only "hi" is left to learn from; nothing of "<|user|>" leaks into the merges.
    expect(tokenizer.spec.merges).toEqual([["h", "i"]]);
  });

  it("never forms a token spelled like a special token", () => {
    const corpus = Array.from({ length: 20 }, () => "## ### ##");
    const tokenizer = trainBpe({ corpus, vocabSize: 1000, specialTokens: ["##"] });
    expect(tokenizer.tokenToId("##")).toBe(0);
    expect(tokenizer.spec.merges.map(([a, b]) => a + b)).not.toContain("##");
    expect(tokenizer.decode(tokenizer.encode("a ## ###", { parseSpecial: false }))).toBe(
      "a ## ###",
    );
  });

  it("is deterministic whatever the order of the documents", () => {
    const docs = ["the cat sat", "on the mat", "the hat", "that cat", "a mat", "the that"];
    const forward = trainBpe({ corpus: docs, vocabSize: 300 });
    const backward = trainBpe({ corpus: [...docs].reverse(), vocabSize: 300 });
    expect(backward.spec).toEqual(forward.spec);
  });

  it("gives only the special and byte tokens for an empty corpus", () => {
    const tokenizer = trainBpe({ corpus: [], vocabSize: 1000 });
    expect(tokenizer.vocabSize).toBe(DEFAULT_SPECIAL_TOKENS.length + 256);
    expect(tokenizer.decode(tokenizer.encode("still works ✓"))).toBe("still works ✓");
  });

  it("accepts any iterable of documents", () => {
    function* docs(): Generator<string> {
      yield* TOY;
    }
    expect(
      trainBpe({ corpus: docs(), vocabSize: 1000, specialTokens: [] }).spec.merges,
    ).toHaveLength(5);
  });

  it("keeps each digit a token by default, and learns digit runs when grouped", () => {
    const corpus = Array.from({ length: 20 }, () => "1234 1234 1234");
    const individual = trainBpe({ corpus, vocabSize: 1000, specialTokens: [] });
    expect(individual.spec.merges).toEqual([]);
    expect(individual.encode(" 1234").map((id) => individual.idToToken(id))).toEqual([
      "Ġ",
      "1",
      "2",
      "3",
      "4",
    ]);
    const grouped = trainBpe({ corpus, vocabSize: 1000, specialTokens: [], digits: "grouped" });
    expect(grouped.encode(" 1234").map((id) => grouped.idToToken(id))).toEqual(["Ġ1234"]);
  });

  it("with separate spaces, a word is the same tokens after a space and after a quote", () => {
    const corpus = Array.from(
      { length: 20 },
      () => 'When was Keiquoun founded? {"company":"Keiquoun"}',
    );
    const pieces = (tokenizer: ReturnType<typeof trainBpe>, text: string) =>
      tokenizer.encode(text).map((id) => tokenizer.idToToken(id));
    const separate = trainBpe({ corpus, vocabSize: 400, specialTokens: [], spaces: "separate" });
    expect(pieces(separate, " Keiquoun")).toEqual(["Ġ", "Keiquoun"]);
    expect(pieces(separate, '"Keiquoun')).toEqual(['"', "Keiquoun"]);
    // GPT-2's words: the space belongs to the word, so the two differ.
    const attached = trainBpe({ corpus, vocabSize: 400, specialTokens: [] });
    expect(pieces(attached, " Keiquoun")).toEqual(["ĠKeiquoun"]);
    expect(pieces(attached, '"Keiquoun')).not.toContain("ĠKeiquoun");
    const numbers = trainBpe({
      corpus: Array.from({ length: 20 }, () => "was 1984 and 1984"),
      vocabSize: 400,
      specialTokens: [],
      spaces: "separate",
      digits: "grouped",
    });
    expect(pieces(numbers, " 1984")).toEqual(["Ġ", "1984"]);
  });

  it("refuses impossible options with a clear message", () => {
    expect(() => trainBpe({ corpus: TOY, vocabSize: 100 })).toThrow(
      /vocabSize 100 must be an integer ≥ 265/,
    );
    expect(() => trainBpe({ corpus: TOY, vocabSize: 300, specialTokens: ["<a>", "<a>"] })).toThrow(
      /distinct/,
    );
    expect(() => trainBpe({ corpus: TOY, vocabSize: 300, specialTokens: [""] })).toThrow(/empty/);
    expect(() => trainBpe({ corpus: TOY, vocabSize: 300, specialTokens: ["!"] })).toThrow(
      /"!" is also a byte-level token/,
    );
    expect(() => trainBpe({ corpus: TOY, vocabSize: 300, minFrequency: 0 })).toThrow(
      /minFrequency/,
    );
  });
});
