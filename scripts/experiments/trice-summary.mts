// The one JSON summary of trice-asdiv.sh: per fold and pooled over the folds (every ASDiv-A
// problem is tested once), each arm's accuracy and tool use with 95% intervals (Wilson for
// shares; the mean of the fold accuracies with a t interval over folds), Stage I + II against
// Stage I paired by problem (a seeded bootstrap of the difference, and the discordant counts),
// and selective tool use: tool-use rate and accuracy on the held-out problems that the gold
// answers directly and on those it answers with the calculator.
// `npx tsx scripts/experiments/trice-summary.mts DIR`
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readJsonl } from "../../src/core/index.js";
import { type MathTrajectory, MathTrajectorySchema } from "../../src/eval/math/index.js";
import { bootstrapInterval, type Interval, wilsonInterval } from "../../src/report/index.js";

const ARMS = ["format", "stage1", "stage2", "stage12"] as const;
type Arm = (typeof ARMS)[number];

const dir = process.argv[2];
const folds = readdirSync(dir)
  .filter((name) => /^fold\d+$/.test(name))
  .sort();

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const interval = ({ estimate, low, high }: Interval) => ({
  value: round(estimate),
  ci95: [round(low), round(high)],
});
const share = (ts: readonly MathTrajectory[], test: (t: MathTrajectory) => boolean) =>
  interval(wilsonInterval({ successes: ts.filter(test).length, n: ts.length }));

const numbers = (text: string) => text.match(/\d+(?:\.\d+)?/g) ?? [];

/**
 * Whether the first calculator call uses only numbers written in the question: a model that
 * cannot copy the question's numbers cannot be right whatever form it chooses.
 */
function copiesNumbers(t: MathTrajectory): boolean {
  const inQuestion = new Set(numbers(t.question));
  const used = numbers(t.calls[0]?.expression ?? "");
  return used.length > 0 && used.every((n) => inQuestion.has(n));
}

/** Accuracy and tool use of a set of episodes, with Wilson intervals. */
function figures(ts: readonly MathTrajectory[]) {
  const withCall = ts.filter((t) => t.calls.length > 0);
  return {
    problems: ts.length,
    accuracy: share(ts, (t) => t.correct),
    tool_use_rate: share(ts, (t) => t.used_tool),
    call_numbers_from_question: share(withCall, copiesNumbers),
  };
}

/** Mean of per-fold values with a two-sided 95% t interval over the folds. */
function foldMean(values: number[]) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { value: round(mean), folds: n };
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  // t quantiles (0.975) for 1–9 degrees of freedom.
  const t = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262][n - 2] ?? 1.96;
  const half = (t * sd) / Math.sqrt(n);
  return { value: round(mean), ci95: [round(mean - half), round(mean + half)], folds: n };
}

async function episodes(fold: string, arm: Arm): Promise<MathTrajectory[] | undefined> {
  const file = join(dir, fold, `eval-${arm}`, "trajectories.jsonl");
  return existsSync(file) ? readJsonl(file, MathTrajectorySchema) : undefined;
}

const pooled: Record<Arm, MathTrajectory[]> = { format: [], stage1: [], stage2: [], stage12: [] };
const perFold: Record<string, unknown> = {};
const foldAccuracy: Record<Arm, number[]> = { format: [], stage1: [], stage2: [], stage12: [] };
for (const fold of folds) {
  const row: Record<string, unknown> = {};
  for (const arm of ARMS) {
    const ts = await episodes(fold, arm);
    if (ts === undefined) continue;
    pooled[arm].push(...ts);
    const f = figures(ts);
    foldAccuracy[arm].push(f.accuracy.value);
    row[arm] = f;
  }
  const lists = join(dir, fold, "lists-stage1.jsonl.log");
  if (existsSync(lists))
    row.candidates_stage1 = readFileSync(lists, "utf8").trim().split("\n").slice(-4);
  perFold[fold] = row;
}

/** Stage I + II against Stage I on the same problems. */
function paired(a: Arm, b: Arm) {
  const byId = new Map(pooled[a].map((t) => [t.problem_id, t]));
  const pairs = pooled[b].flatMap((t) => {
    const other = byId.get(t.problem_id);
    return other === undefined ? [] : [[Number(other.correct), Number(t.correct)] as const];
  });
  const diff = (rows: readonly (readonly [number, number])[]) =>
    rows.reduce((s, [x, y]) => s + y - x, 0) / Math.max(1, rows.length);
  return {
    problems: pairs.length,
    accuracy_difference: interval(bootstrapInterval({ rows: pairs, statistic: diff, seed: 7 })),
    [`right_only_in_${b}`]: pairs.filter(([x, y]) => y > x).length,
    [`right_only_in_${a}`]: pairs.filter(([x, y]) => x > y).length,
  };
}

/** Tool use and accuracy on the held-out problems the gold answers directly / with the tool. */
function selective(arm: Arm) {
  const of = (need: string) => pooled[arm].filter((t) => t.tool_need === need);
  return { direct: figures(of("direct")), tool: figures(of("tool")) };
}

const settings = existsSync(join(dir, "settings.json"))
  ? JSON.parse(readFileSync(join(dir, "settings.json"), "utf8"))
  : {};
const summary = {
  experiment: "TRICE on ASDiv-A, 5-fold cross-validation (train on 4 folds, test on the 5th)",
  settings,
  folds: folds.length,
  pooled: Object.fromEntries(
    ARMS.filter((arm) => pooled[arm].length > 0).map((arm) => [
      arm,
      { ...figures(pooled[arm]), mean_of_folds: foldMean(foldAccuracy[arm]) },
    ]),
  ),
  stage12_vs_stage1: paired("stage1", "stage12"),
  stage2_vs_stage1: paired("stage1", "stage2"),
  selective_tool_use: Object.fromEntries(
    (["stage1", "stage2", "stage12"] as const)
      .filter((arm) => pooled[arm].length > 0)
      .map((arm) => [arm, selective(arm)]),
  ),
  per_fold: perFold,
  timing: existsSync(join(dir, "timing.txt"))
    ? readFileSync(join(dir, "timing.txt"), "utf8").trim().split("\n")
    : [],
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
