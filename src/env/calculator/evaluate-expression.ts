import { all, create, type MathNode } from "mathjs";

export type Evaluation = { ok: true; value: number } | { ok: false; reason: string };

/** The arithmetic a calculator needs; anything else in an expression is refused before it runs. */
const OPERATORS = new Set([
  "add",
  "subtract",
  "multiply",
  "divide",
  "pow",
  "mod",
  "unaryMinus",
  "unaryPlus",
]);
const FUNCTIONS = new Set([
  "abs",
  "sqrt",
  "cbrt",
  "round",
  "floor",
  "ceil",
  "min",
  "max",
  "exp",
  "log",
  "log10",
  "log2",
  "gcd",
  "lcm",
]);
const CONSTANTS = new Set(["pi", "e"]);
const MAX_LENGTH = 1_000;

const math = create(all, { number: "number" });
const parse = math.parse;
// mathjs's security guidance: switch off what could reach outside arithmetic, or be used for
// denial of service, in case anything ever resolves them by name.
const disabled = (name: string) => () => {
  throw new Error(`${name} is disabled in the calculator`);
};
math.import(
  Object.fromEntries(
    [
      "import",
      "createUnit",
      "reviver",
      "evaluate",
      "parse",
      "compile",
      "simplify",
      "derivative",
      "resolve",
    ].map((name) => [name, disabled(name)]),
  ),
  { override: true },
);

/**
 * The calculator tool of the TRICE track: evaluates an arithmetic expression with mathjs.
 *
 * The expression is parsed, then every node is checked against a whitelist — numbers, `pi`, `e`,
 * `+ - * / ^ %` (a trailing `%` is a percentage, as in mathjs: `50%` = 0.5), parentheses and a
 * few functions (sqrt, abs, round, min, log, …) — before anything runs. Assignments, function
 * definitions, ranges, matrices, strings, units and every other function are refused: `1:1e9`
 * alone would crash the process. The value must be a finite real number. Never throws: a bad
 * expression is `{ok: false, reason}`, which the caller shows to the model.
 *
 * @example
 * evaluateExpression("48/2") // { ok: true, value: 24 }
 * evaluateExpression("x = 5") // { ok: false, reason: "assignment is not allowed" }
 */
export function evaluateExpression(expression: string): Evaluation {
  const text = expression.replaceAll("×", "*").replaceAll("÷", "/").replaceAll("−", "-").trim();
  if (text === "") return { ok: false, reason: "empty expression" };
  if (text.length > MAX_LENGTH)
    return { ok: false, reason: `expression longer than ${MAX_LENGTH} characters` };
  let node: MathNode;
  try {
    node = parse(text);
  } catch (error) {
    return { ok: false, reason: `cannot parse: ${(error as Error).message}` };
  }
  const refused = refusedNode(node);
  if (refused !== undefined) return { ok: false, reason: refused };
  let value: unknown;
  try {
    value = node.compile().evaluate({});
  } catch (error) {
    return { ok: false, reason: `cannot evaluate: ${(error as Error).message}` };
  }
  if (typeof value !== "number") return { ok: false, reason: "the result is not a real number" };
  if (!Number.isFinite(value)) return { ok: false, reason: "the result is not finite" };
  return { ok: true, value };
}

/** Why the first node outside the whitelist is refused, or undefined when all are allowed. */
function refusedNode(root: MathNode): string | undefined {
  let reason: string | undefined;
  root.traverse((node, path, parent) => {
    if (reason !== undefined) return;
    reason = check(node, path, parent);
  });
  return reason;
}

function check(node: MathNode, path: string, parent: MathNode | null): string | undefined {
  switch (node.type) {
    case "ConstantNode":
      return typeof (node as MathNode & { value: unknown }).value === "number"
        ? undefined
        : "only numbers are allowed as values";
    case "ParenthesisNode":
      return undefined;
    case "OperatorNode": {
      const { fn, op } = node as MathNode & { fn: string; op: string };
      return OPERATORS.has(fn) ? undefined : `operator "${op}" is not allowed`;
    }
    case "FunctionNode": {
      const name = (node as MathNode & { fn: { name?: string } }).fn.name ?? "";
      return FUNCTIONS.has(name) ? undefined : `function "${name}" is not allowed`;
    }
    case "SymbolNode": {
      const { name } = node as MathNode & { name: string };
      if (parent?.type === "FunctionNode" && path === "fn") return undefined;
      return CONSTANTS.has(name) ? undefined : `unknown name "${name}"`;
    }
    case "AssignmentNode":
    case "FunctionAssignmentNode":
      return "assignment is not allowed";
    default:
      return `${node.type.replace(/Node$/, "").toLowerCase()} expressions are not allowed`;
  }
}
