import { describe, expect, it } from "vitest";
import type { MathProblem } from "../../core/index.js";
import { calculatorOutput, callCalculator } from "./calculator-tool.js";
import { checkGoldEquation } from "./gold-equation.js";
import { toolNeed } from "./tool-need.js";

const problem = (formula: string | undefined, answer: number): MathProblem => ({
  id: "p",
  question: "q",
  answer,
  ...(formula === undefined ? {} : { formula }),
  source: "test",
});

describe("callCalculator (native tool calls)", () => {
  it("runs the expression of JSON arguments; broken arguments are results, not throws", () => {
    expect(callCalculator('{"expression": "48/2 + 48"}')).toEqual({
      ok: true,
      expression: "48/2 + 48",
      value: 72,
    });
    expect(callCalculator('{"expression": 7}')).toMatchObject({ ok: true, value: 7 });
    expect(callCalculator('{"expression": "1:1e9"}')).toEqual({
      ok: false,
      expression: "1:1e9",
      reason: "range expressions are not allowed",
    });
    expect(callCalculator('{"expression": "48/2"')).toEqual({
      ok: false,
      expression: null,
      reason: "arguments are not valid JSON",
    });
    expect(callCalculator('{"expr": "1"}')).toMatchObject({
      ok: false,
      reason: 'arguments must be {"expression": string}',
    });
    expect(calculatorOutput(callCalculator('{"expression": "10/3"}'))).toBe("3.33333");
    expect(calculatorOutput(callCalculator('{"expression": "1/0"}'))).toBe(
      "error: the result is not finite",
    );
  });
});

describe("checkGoldEquation", () => {
  it("says why an equation does not give the stated answer", () => {
    expect(checkGoldEquation(problem("56 * 9", 504))).toEqual({ ok: true, value: 504 });
    expect(checkGoldEquation(problem("86/9", 10))).toEqual({
      ok: false,
      reason: "the equation 86/9 gives 9.55556, the answer is 10",
    });
    expect(checkGoldEquation(problem(undefined, 3))).toEqual({
      ok: false,
      reason: "no gold equation",
    });
    expect(checkGoldEquation(problem("x + 1", 3))).toEqual({
      ok: false,
      reason: 'the calculator refuses the equation x + 1: unknown name "x"',
    });
  });
});

describe("toolNeed (TRICE Stage I's rule)", () => {
  it("answers one-digit facts directly and calls the calculator for the rest", () => {
    expect(toolNeed(problem("7+2", 9))).toBe("direct");
    expect(toolNeed(problem("(9 - 6)", 3))).toBe("direct");
    expect(toolNeed(problem("4*10", 40))).toBe("direct");
    expect(toolNeed(problem("12", 12))).toBe("direct");
    expect(toolNeed(problem("11+2", 13))).toBe("tool");
    expect(toolNeed(problem("8/2", 4))).toBe("tool");
    expect(toolNeed(problem("(9-6)*2", 6))).toBe("tool");
    expect(toolNeed(problem("86/9", 10))).toBe("no-equation");
    expect(toolNeed(problem("8/2", 4), { operators: "+-*/" })).toBe("direct");
    expect(toolNeed(problem("7+2", 9), { operators: "" })).toBe("tool");
    expect(toolNeed(problem("11+2", 13), { maxOperand: 20 })).toBe("direct");
    expect(() => toolNeed(problem("7+2", 9), { operators: "x" })).toThrow(
      /directRule\.operators: expected operators among/,
    );
  });
});
