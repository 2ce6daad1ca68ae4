/**
 * The rows of each group, in row order, leaving out rows with no masked-in token (they take no
 * part in any statistic). Group ids need not be contiguous or sorted.
 *
 * @param groups (B) group id per sequence
 * @param counts (B) masked-in tokens per sequence
 */
export function groupRows(groups: Int32Array, counts: Float64Array): Map<number, number[]> {
  const members = new Map<number, number[]>();
  for (let b = 0; b < groups.length; b++) {
    if (counts[b] === 0) continue;
    const rows = members.get(groups[b]);
    if (rows) rows.push(b);
    else members.set(groups[b], [b]);
  }
  return members;
}
