import { describe, expect, it } from "vitest";
import {
  answerMatch,
  extractNumbers,
  finalNumber,
  normalizeAnswer,
  numbersClose,
} from "./answer-match.js";

describe("numbersClose", () => {
  it("allows 1e-6 absolute or 1e-4 relative error", () => {
    expect(numbersClose(0.1 + 0.2, 0.3)).toBe(true);
    expect(numbersClose(33.333, 100 / 3)).toBe(true);
    expect(numbersClose(33.3, 100 / 3)).toBe(false);
    expect(numbersClose(1e-7, 0)).toBe(true);
    expect(numbersClose(1e-5, 0)).toBe(false);
    expect(numbersClose(1_000_050, 1_000_000)).toBe(true);
    expect(numbersClose(1_000_200, 1_000_000)).toBe(false);
  });
});

describe("extractNumbers / finalNumber", () => {
  it("reads separators, decimals, signs, fractions", () => {
    expect(extractNumbers("She paid $1,234.50 for 3/4 of it, -2 left")).toEqual([1234.5, 0.75, -2]);
    expect(extractNumbers("5-3 and 1,2,3 and .5 and 2e3")).toEqual([5, 3, 1, 2, 3, 0.5, 2000]);
    expect(extractNumbers("no numbers, x2 ab12")).toEqual([]);
  });

  it("takes the number after the last answer marker, else the last number", () => {
    expect(
      finalNumber("48/2 = 24 in May, so 48 + 24 = 72. The answer is 72 clips, 3 days early."),
    ).toBe(72);
    expect(finalNumber("She has 5 apples and eats 2, leaving 3")).toBe(3);
    expect(finalNumber("work… #### 1,080")).toBe(1080);
    expect(finalNumber("Answer: -4.5 (checked twice in 2 ways)")).toBe(-4.5);
    expect(finalNumber("\\boxed{17} after 3 steps")).toBe(17);
    expect(finalNumber("The answer is unknown, maybe 7")).toBe(7);
    expect(finalNumber("nothing here")).toBeUndefined();
  });
});

describe("normalizeAnswer", () => {
  it("lower-cases, drops punctuation and articles, keeps decimal points", () => {
    expect(normalizeAnswer("The  Eiffel-Tower, 1,083 ft (330.0 m).")).toBe(
      "eiffel tower 1083 ft 330.0 m",
    );
    expect(normalizeAnswer("An apple a day.")).toBe("apple day");
  });
});

describe("answerMatch", () => {
  it("runs the doc example", () => {
    expect(
      answerMatch(
        [
          "So 48 + 24 = 72. The answer is 72.",
          "It is 71.99999",
          "The capital is Paris, France.",
          "paris",
        ],
        [72, "72", "Paris, France", "Paris, France"],
      ),
    ).toEqual([1, 1, 1, 0]);
  });

  it("compares numbers with tolerance and numeric strings as numbers", () => {
    expect(answerMatch(["The answer is 1,234.5."], ["1234.50"])).toEqual([1]);
    expect(answerMatch(["The answer is 0.75"], ["3/4"])).toEqual([1]);
    expect(answerMatch(["72 is not it, the answer is 70"], [72])).toEqual([0]);
    expect(answerMatch(["no number"], [72])).toEqual([0]);
  });

  it("needs whole words for text parts and any close number for numeric parts", () => {
    expect(answerMatch(["It is in the category of mammals"], ["cat"])).toEqual([0]);
    expect(answerMatch(["The Cat sat."], ["cat"])).toEqual([1]);
    expect(answerMatch(["Population 2.1 million, in Paris"], ["Paris, 2.1 million"])).toEqual([1]);
    expect(answerMatch(["Population 21 million, in Paris"], ["Paris, 2.1 million"])).toEqual([0]);
    expect(answerMatch(["Paris has 2148000 people"], ["Paris, 2148000"])).toEqual([1]);
  });

  it("skips an empty gold answer", () => {
    expect(answerMatch(["anything"], ["  "])).toEqual([null]);
  });
});
