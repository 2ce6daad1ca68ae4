import { beforeAll, describe, expect, it } from "vitest";
import { type BfclEntry, loadBfcl } from "../../datasets/index.js";
import { bfclAstReward, bfclCallPrf, checkBfclEntry, parsePyJson } from "../../reward/index.js";
import { decodedOracleCalls, encode, PERTURBATIONS } from "./test-helpers/bfcl-perturbations.js";

/**
 * BFCL's AST rules on the real BFCL v4 data: the ground truth of every record matches itself,
 * and each systematic perturbation is scored as BFCL's checker scores it — on every record
 * where it applies, with the number of such records pinned so a silent change in coverage
 * shows. (These verdicts were also cross-checked against BFCL's own Python checker, on every
 * record and perturbation: all agree.)
 */
let entries: BfclEntry[];
beforeAll(async () => {
  ({ entries } = await loadBfcl({ readJson: parsePyJson }));
});

const answered = () => entries.filter((e) => e.category !== "irrelevance");

describe("ground truth against itself", () => {
  it("scores 1.0 in the four categories with answers", () => {
    const rows = answered();
    const predictions = rows.map((entry) => encode(decodedOracleCalls(entry)));
    expect(rows).toHaveLength(1000);
    expect(bfclAstReward(predictions, rows)).toEqual(rows.map(() => 1));
    expect(bfclCallPrf(predictions, rows).map((s) => s.f1)).toEqual(rows.map(() => 1));
  });

  it("irrelevance: no call is correct, any call is wrong", () => {
    const rows = entries.filter((e) => e.category === "irrelevance");
    expect(rows).toHaveLength(240);
    expect(
      bfclAstReward(
        rows.map(() => []),
        rows,
      ),
    ).toEqual(rows.map(() => 1));
    const anyCall = rows.map((e) => [{ name: e.tools[0].function.name, arguments: "{}" }]);
    expect(bfclAstReward(anyCall, rows)).toEqual(rows.map(() => 0));
    expect(bfclCallPrf(anyCall, rows).map((s) => s.precision)).toEqual(rows.map(() => 0));
  });
});

// Records each perturbation applies to: simple_python, multiple, parallel, parallel_multiple.
const APPLIES: Record<string, [number, number, number, number]> = {
  "wrong function name": [400, 200, 200, 200],
  "missing required parameter": [400, 200, 200, 200],
  "unknown parameter added": [400, 200, 200, 200],
  "optional parameter left out where allowed": [86, 39, 51, 41],
  "optional parameter left out where the ground truth needs it": [103, 42, 52, 55],
  "wrong value: string": [294, 148, 134, 148],
  "wrong value: number": [226, 113, 130, 127],
  "wrong value: boolean": [37, 16, 13, 12],
  "wrong type: integer written as a string": [213, 109, 126, 99],
  "wrong type: a float for an integer": [213, 109, 126, 99],
  "wrong type: an integral float (5.0) for an integer": [213, 109, 126, 99],
  "wrong type: a number for a string": [294, 148, 134, 148],
  "an int where a float is declared is accepted": [6, 1, 2, 31],
  "string case and punctuation are ignored": [262, 132, 117, 134],
  "dots in names sent as underscores": [167, 123, 85, 154],
  "arguments that are not JSON": [400, 200, 200, 200],
  "an extra call": [400, 200, 200, 200],
  "no call": [400, 200, 200, 200],
  "a parallel call missing": [0, 0, 200, 200],
  "parallel calls reordered": [0, 0, 200, 200],
};
const CATEGORIES = ["simple_python", "multiple", "parallel", "parallel_multiple"] as const;

/**
 * Where BFCL's greedy pairing (each gold call takes the first call that fits it) strands a gold
 * call although a one-to-one assignment exists: wrong by the leaderboard's rules, and here.
 */
const GREEDY_MISSES: Record<string, string[]> = { "parallel calls reordered": ["parallel_178"] };

describe("perturbations scored as BFCL's rules say", () => {
  it("covers every perturbation", () => {
    expect(PERTURBATIONS.map((p) => p.name).sort()).toEqual(Object.keys(APPLIES).sort());
  });

  for (const perturbation of PERTURBATIONS) {
    it(perturbation.name, () => {
      const applied = [0, 0, 0, 0];
      const wrong: string[] = [];
      for (const entry of answered()) {
        const calls = perturbation.apply(entry, decodedOracleCalls(entry));
        if (calls === undefined) continue;
        applied[CATEGORIES.indexOf(entry.category as (typeof CATEGORIES)[number])]++;
        const result = checkBfclEntry({ ...entry, calls });
        const verdict = result.correct ? "ok" : result.reason;
        const expected =
          GREEDY_MISSES[perturbation.name]?.includes(entry.id) === true
            ? "parallel_function_checker_no_order:cannot_find_match"
            : perturbation.expected(entry.category);
        if (verdict !== expected)
          wrong.push(`${entry.id}: ${verdict}${result.correct ? "" : ` (${result.detail})`}`);
      }
      expect(wrong).toEqual([]);
      expect(applied).toEqual(APPLIES[perturbation.name]);
    });
  }

  it("pairs as BFCL's greedy checker does (parallel_178 reordered)", () => {
    // Gold call 0 allows Microsoft or Apple on 2022-01-01; reversed, greedy pairing hands it the
    // Apple call and strands gold call 2 (Apple, 2022-01-01). BFCL's checker marks this answer
    // wrong, though the assignment 0 → Microsoft, 2 → Apple exists; so does ours. The call F1
    // finds the assignment.
    const entry = entries.find((e) => e.id === "parallel_178")!;
    const calls = encode(decodedOracleCalls(entry).reverse());
    expect(checkBfclEntry({ ...entry, calls })).toMatchObject({
      correct: false,
      reason: "parallel_function_checker_no_order:cannot_find_match",
    });
    expect(bfclCallPrf([calls], [entry])[0].f1).toBe(1);
  });
});
