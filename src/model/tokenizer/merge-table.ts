/**
 * The merges of a BPE model in the form encoding needs: "which pair merges first, into what".
 *
 * A pair of token ids (a, b) is keyed as `a * keyBase + b` (keyBase = vocabulary size) so lookups
 * use a number, not a string; below ~46k tokens the key is a small integer, V8's fastest map key.
 */
export interface MergeTable {
  readonly keyBase: number;
  /** pair key → rank (0 = merged first). */
  readonly ranks: ReadonlyMap<number, number>;
  /** rank → id of the merged token. */
  readonly mergedIds: Int32Array;
}

/** Builds the table from `[a, b, merged]` id triples in rank order. */
export function mergeTable(
  merges: readonly (readonly [number, number, number])[],
  vocabSize: number,
): MergeTable {
  const ranks = new Map<number, number>();
  const mergedIds = new Int32Array(merges.length);
  merges.forEach(([a, b, merged], rank) => {
    const key = a * vocabSize + b;
    // A repeated pair keeps its first (lowest) rank, as in Hugging Face `tokenizers`.
    if (!ranks.has(key)) ranks.set(key, rank);
    mergedIds[rank] = merged;
  });
  return { keyBase: vocabSize, ranks, mergedIds };
}
