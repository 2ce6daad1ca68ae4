/**
 * Whether `value` has objects or arrays nested more than `limit` levels, found without
 * recursion (so it answers for any depth). Text from a model parses to values of any depth —
 * JSON.parse does not recurse — but every recursive walker after it (JSON.stringify, the chat
 * renderers) overflows the stack somewhere past a few thousand levels, at a depth that depends
 * on how deep the caller's stack already is; checking first makes the outcome the same
 * everywhere, and saves the cost of a stack overflow.
 *
 * @example
 * nestsDeeperThan(JSON.parse("[".repeat(5000) + "]".repeat(5000)), 64) // true
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
