/** BFCL v4's non-live single-turn Python categories, in the leaderboard's order. */
export const BFCL_NON_LIVE_CATEGORIES = [
  "simple_python",
  "multiple",
  "parallel",
  "parallel_multiple",
  "irrelevance",
] as const;

/** BFCL's live categories (user-contributed questions and functions, from v2 on). */
export const BFCL_LIVE_CATEGORIES = [
  "live_simple",
  "live_multiple",
  "live_parallel",
  "live_parallel_multiple",
  "live_irrelevance",
  "live_relevance",
] as const;

/** Every single-turn category toolgym runs: non-live, then live. */
export const BFCL_CATEGORIES = [...BFCL_NON_LIVE_CATEGORIES, ...BFCL_LIVE_CATEGORIES] as const;

export type BfclCategory = (typeof BFCL_CATEGORIES)[number];

/** Names that stand for several categories, as in the leaderboard's `--test-category`. */
export const BFCL_CATEGORY_GROUPS: Readonly<Record<string, readonly BfclCategory[]>> = {
  live: BFCL_LIVE_CATEGORIES,
  non_live: BFCL_NON_LIVE_CATEGORIES,
};

export function isBfclCategory(name: string): name is BfclCategory {
  return (BFCL_CATEGORIES as readonly string[]).includes(name);
}

/**
 * Categories with a possible-answer file. `irrelevance` and `live_irrelevance` (no call is
 * right) and `live_relevance` (any call is right) have none.
 */
export function hasGroundTruth(category: BfclCategory): boolean {
  return !category.includes("relevance");
}

/**
 * The names a category's question file has had, newest first; its answers are the same name
 * under `possible_answer/`. Every release names them `BFCL_v<N>_<category>.json`; before v4
 * `simple_python` was plain `simple`.
 *
 * @example
 * bfclFileNames("live_simple") // ["BFCL_v4_live_simple.json", "BFCL_v3_live_simple.json", "BFCL_v2_live_simple.json"]
 */
export function bfclFileNames(category: BfclCategory): string[] {
  const stems = category === "simple_python" ? [category, "simple"] : [category];
  return ["v4", "v3", "v2"].flatMap((version) =>
    stems.map((stem) => `BFCL_${version}_${stem}.json`),
  );
}
