const PRECEDENCE: Record<string, number> = { "+": 1, "-": 1, "*": 2, "/": 2, "^": 3 };

/**
 * Turns a prefix-notation equation (MAWPS/SVAMP's `Equation` column: `- number0 * number1
 * number2`) into infix with the parentheses it needs (`25000 - 1500 * 8`), each operand
 * replaced by `operand(token)`.
 *
 * @returns undefined when the tokens are not one well-formed prefix expression
 *
 * @example
 * prefixToInfix("/ + number0 number1 number2", (t) => ({ number0: "1", number1: "2", number2: "3" })[t] ?? t)
 * // "(1 + 2) / 3"
 */
export function prefixToInfix(
  equation: string,
  operand: (token: string) => string | undefined,
): string | undefined {
  const tokens = equation.trim().split(/\s+/);
  let at = 0;
  type Node = { text: string; precedence: number };
  const read = (): Node | undefined => {
    const token = tokens[at++];
    if (token === undefined) return undefined;
    const precedence = PRECEDENCE[token];
    if (precedence === undefined) {
      const text = operand(token);
      if (text === undefined) return undefined;
      return { text: text.startsWith("-") ? `(${text})` : text, precedence: 9 };
    }
    const left = read();
    const right = read();
    if (left === undefined || right === undefined) return undefined;
    // A right operand of equal precedence needs parentheses for - and / (a - (b - c)); ^ is
    // right-associative, so its left operand is the one that does.
    const wrapLeft = left.precedence < precedence || (token === "^" && left.precedence === 3);
    const wrapRight =
      right.precedence < precedence ||
      (right.precedence === precedence && (token === "-" || token === "/"));
    const l = wrapLeft ? `(${left.text})` : left.text;
    const r = wrapRight ? `(${right.text})` : right.text;
    return { text: `${l} ${token} ${r}`, precedence };
  };
  const node = read();
  return node !== undefined && at === tokens.length ? node.text : undefined;
}
