/**
 * A maximum one-to-one matching in a bipartite graph (Kuhn's augmenting paths; the graphs here
 * have at most a few dozen nodes a side). `edges[i]` lists the right nodes left node i may take.
 * Returns, per left node, its right node or -1.
 *
 * @example
 * maxMatching([[0, 1], [0]], 2) // [1, 0]: greedy would give left 0 the right 0 and strand left 1
 */
export function maxMatching(edges: readonly (readonly number[])[], rightCount: number): number[] {
  const leftOf = new Array<number>(rightCount).fill(-1);
  const augment = (left: number, seen: boolean[]): boolean => {
    for (const right of edges[left]) {
      if (seen[right]) continue;
      seen[right] = true;
      if (leftOf[right] === -1 || augment(leftOf[right], seen)) {
        leftOf[right] = left;
        return true;
      }
    }
    return false;
  };
  for (let left = 0; left < edges.length; left++)
    augment(left, new Array<boolean>(rightCount).fill(false));
  const rightOf = new Array<number>(edges.length).fill(-1);
  leftOf.forEach((left, right) => {
    if (left !== -1) rightOf[left] = right;
  });
  return rightOf;
}
