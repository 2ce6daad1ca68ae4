import { z } from "zod";
import { formatNumber, type ToolSpec } from "../../core/index.js";
import { evaluateExpression } from "./evaluate-expression.js";

/** The calculator as a function tool, for policies that call tools natively. */
export const CALCULATOR_TOOL: ToolSpec = {
  type: "function",
  function: {
    name: "calculator",
    description:
      "Evaluates an arithmetic expression (+ - * / ^ %, parentheses, sqrt, round, min, max, …) and returns its value.",
    parameters: {
      type: "object",
      properties: {
        expression: { type: "string", description: "the arithmetic to do, e.g. (48 / 2) + 48" },
      },
      required: ["expression"],
    },
  },
};

const ArgumentsSchema = z.object({
  // A model may send a bare number; it is still an expression.
  expression: z.union([z.string(), z.number().transform(String)]),
});

/** One calculator call, executed: its value, or why it has none (shown to the model). */
export type CalculatorResult =
  | { ok: true; expression: string; value: number }
  | { ok: false; expression: string | null; reason: string };

/**
 * Runs a native `calculator` call from its raw JSON arguments (`{"expression": "48/2"}`), as
 * an environment does: arguments that are not JSON or have no expression, and expressions the
 * calculator refuses, are results with a reason, never thrown.
 *
 * @example
 * callCalculator('{"expression": "48/2 + 48"}') // { ok: true, expression: "48/2 + 48", value: 72 }
 * callCalculator('{"expr": 1}') // { ok: false, expression: null, reason: 'arguments must be {"expression": string}' }
 */
export function callCalculator(argumentsJson: string): CalculatorResult {
  let args: unknown;
  try {
    args = JSON.parse(argumentsJson);
  } catch {
    return { ok: false, expression: null, reason: "arguments are not valid JSON" };
  }
  const parsed = ArgumentsSchema.safeParse(args);
  if (!parsed.success) {
    return { ok: false, expression: null, reason: 'arguments must be {"expression": string}' };
  }
  return runCalculator(parsed.data.expression);
}

/** Runs one expression: `evaluateExpression` with the expression kept beside its outcome. */
export function runCalculator(expression: string): CalculatorResult {
  const result = evaluateExpression(expression);
  return result.ok
    ? { ok: true, expression, value: result.value }
    : { ok: false, expression, reason: result.reason };
}

/** What the model reads back: the value as `formatNumber` writes it, or `error: <reason>`. */
export function calculatorOutput(result: CalculatorResult): string {
  return result.ok ? formatNumber(result.value) : `error: ${result.reason}`;
}
