import { describe, expect, it } from "vitest";
import { mergeLongWord, mergeShortWord, mergeTable, mergeWord } from "./merge-word.js";
import { seededRandom } from "./test-helpers/random-text.js";
import { trainBpe } from "./train-bpe.js";

describe("mergeWord", () => {
  // Merges over a four-letter alphabet, so random words are full of mergeable pairs.
  const random = seededRandom(99);
  const letters = "abcd";
  const corpus = Array.from({ length: 300 }, () =>
    Array.from({ length: 30 }, () => letters[Math.floor(random() * 4)]).join(""),
  );
  const tokenizer = trainBpe({ corpus, vocabSize: 256 + 120, specialTokens: [] });
  const id = (token: string): number => tokenizer.tokenToId(token)!;
  const table = mergeTable(
    tokenizer.spec.merges.map(([a, b]) => [id(a), id(b), id(a + b)] as const),
    tokenizer.vocabSize,
  );

  it("gives the same tokens by the simple scan and by the heap, on 500 random words", () => {
    for (let i = 0; i < 500; i++) {
      const length = 1 + Math.floor(random() * 120);
      const word = Array.from({ length }, () => id(letters[Math.floor(random() * 4)]));
      expect(mergeLongWord([...word], table)).toEqual(mergeShortWord([...word], table));
    }
  });

  it("merges every occurrence of the best pair left to right (aaa → aa a)", () => {
    const tiny = mergeTable([[0, 0, 1]], 2);
    expect(mergeShortWord([0, 0, 0], tiny)).toEqual([1, 0]);
    expect(mergeLongWord([0, 0, 0], tiny)).toEqual([1, 0]);
    expect(mergeWord([0, 0, 0, 0], tiny)).toEqual([1, 1]);
  });

  it("returns single symbols and empty words unchanged", () => {
    expect(mergeWord([], table)).toEqual([]);
    expect(mergeWord([5], table)).toEqual([5]);
  });
});
