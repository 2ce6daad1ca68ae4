/** The BFCL v4 non-live AST categories toolgym runs, in BFCL's order. */
export const BFCL_CATEGORIES = [
  "simple_python",
  "multiple",
  "parallel",
  "parallel_multiple",
  "irrelevance",
] as const;

export type BfclCategory = (typeof BFCL_CATEGORIES)[number];

/** Categories whose entries have a ground truth (irrelevance has none: no call is right). */
export function hasGroundTruth(category: BfclCategory): boolean {
  return category !== "irrelevance";
}

export function isBfclCategory(name: string): name is BfclCategory {
  return (BFCL_CATEGORIES as readonly string[]).includes(name);
}
