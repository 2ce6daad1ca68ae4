import { describe, expect, it } from "vitest";
import { numberWordsToDigits } from "./number-words.js";
import {
  calculatorCalls,
  formatNumber,
  parseNumber,
  parseTriceResponse,
  readFinalAnswer,
  renderTriceAnswer,
} from "./trice-format.js";

describe("TRICE response forms", () => {
  it("reads calculator calls and answers", () => {
    expect(parseTriceResponse("calculator((48 / 2) + 48)")).toEqual({
      kind: "tool",
      expression: "(48 / 2) + 48",
      expressions: ["(48 / 2) + 48"],
    });
    expect(parseTriceResponse("So the answer is 1,234.5.")).toEqual({
      kind: "answer",
      value: 1234.5,
    });
    expect(parseTriceResponse("The answer is -3/4.")).toEqual({ kind: "answer", value: -0.75 });
  });

  it("ends a call at its own closing parenthesis", () => {
    expect(parseTriceResponse("calculator(18 - 10) gives (8).")).toEqual({
      kind: "tool",
      expression: "18 - 10",
      expressions: ["18 - 10"],
    });
    expect(calculatorCalls("calculator((3+4)*(2)) = (14)")).toEqual(["(3+4)*(2)"]);
    // Several calls: all are found; the last one's result is the answer.
    expect(parseTriceResponse("Calculator(3*4) gives 12, then calculator(12 + 5).")).toMatchObject({
      kind: "tool",
      expression: "12 + 5",
      expressions: ["3*4", "12 + 5"],
    });
    // Never closed: the rest of the text, for the calculator to refuse.
    expect(calculatorCalls("calculator(3*(4+5)")).toEqual(["3*(4+5)"]);
    expect(calculatorCalls("I used a calculator. It said 5.")).toEqual([]);
  });

  it("returns a reason instead of throwing", () => {
    expect(parseTriceResponse("calculator()").kind).toBe("invalid");
    expect(parseTriceResponse("I don't know").kind).toBe("invalid");
    expect(parseTriceResponse("")).toEqual({
      kind: "invalid",
      reason: "no calculator(<expression>) call and no number",
    });
  });

  it("renders answers that parse back", () => {
    for (const value of [0, 7, -12, 0.1 + 0.2, 1 / 3, 2.5e-7]) {
      const parsed = parseTriceResponse(renderTriceAnswer(value));
      expect(parsed.kind).toBe("answer");
      if (parsed.kind === "answer") expect(parsed.value).toBeCloseTo(value, 5);
    }
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(parseNumber("1/0")).toBeUndefined();
    expect(parseNumber("abc")).toBeUndefined();
    expect(parseNumber("387758, 542051")).toBeUndefined();
    expect(parseNumber("1,234,567")).toBe(1234567);
  });
});

describe("readFinalAnswer", () => {
  it.each([
    ["The answer is 72.", 72],
    ["48/2 = 24 in May, so 48 + 24 = 72. The answer is 72 clips, 3 days early.", 72],
    ["She has 5 apples and eats 2, leaving 3", 3],
    ["Total: $1,234.50", 1234.5],
    ["**Answer:** 1,080 apples", 1080],
    ["The final answer is: **$15**", 15],
    ["#### 8", 8],
    ["So the result is \\boxed{42}.", 42],
    ["It drops to -5 degrees.", -5],
    ["5-3 leaves 2", 2],
    ["She used 3/4 of a cup.", 0.75],
    ["It takes 1 1/2 hours", 1.5],
    ["About 40% of them.", 40],
    ["The answer is seven.", 7],
    ["The answer is twenty-two apples", 22],
    ["He walked .5 miles", 0.5],
    ["Items 1,2,3", 3],
    ["I have 72.", 72],
    ["x2 and y3", undefined],
    ["I don't know.", undefined],
    ["One of them left.", undefined],
  ])("%s → %s", (text, value) => {
    expect(readFinalAnswer(text)).toBe(value);
  });
});

describe("numberWordsToDigits", () => {
  it("writes cardinal number words as digits and leaves the rest", () => {
    expect(numberWordsToDigits("Seven red apples and two green apples")).toBe(
      "7 red apples and 2 green apples",
    );
    expect(numberWordsToDigits("twenty-two, ninety nine, one hundred and five")).toBe(
      "22, 99, 105",
    );
    expect(numberWordsToDigits("two thousand three hundred")).toBe("2300");
    expect(numberWordsToDigits("the third one is half, twice a dozen")).toBe(
      "the third 1 is half, twice a dozen",
    );
    // Not one number: word by word; a lone "hundred" and "someone" are no numbers.
    expect(numberWordsToDigits("five six, Two and three, hundred, someone")).toBe(
      "5 6, 2 and 3, hundred, someone",
    );
  });
});
