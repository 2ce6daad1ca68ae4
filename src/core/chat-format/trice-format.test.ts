import { describe, expect, it } from "vitest";
import {
  formatNumber,
  parseNumber,
  parseTriceResponse,
  renderTriceAnswer,
} from "./trice-format.js";

describe("TRICE response forms", () => {
  it("reads calculator calls and answers", () => {
    expect(parseTriceResponse("calculator((48 / 2) + 48)")).toEqual({
      kind: "tool",
      expression: "(48 / 2) + 48",
    });
    expect(parseTriceResponse("So the answer is 1,234.5.")).toEqual({
      kind: "answer",
      value: 1234.5,
    });
    expect(parseTriceResponse("The answer is -3/4.")).toEqual({ kind: "answer", value: -0.75 });
  });
  it("returns a reason instead of throwing", () => {
    expect(parseTriceResponse("calculator()").kind).toBe("invalid");
    expect(parseTriceResponse("I don't know").kind).toBe("invalid");
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
