// Summarizes a run's metrics.jsonl: the held-out evaluations, the training curve, and the wall
// time and throughput of each phase. `npx tsx scripts/experiments/summarize.mts [--control DIR] RUN_DIR…`
// With --control (a run on the same prompts and seeds that does not learn, rl.sh's `control`),
// each run's rollout reward is also compared with the control's step by step: both played the
// same environments at each step, so the difference is a paired measure of what was learned.
import { readFileSync } from "node:fs";
import { join } from "node:path";

type MetricsRow = Record<string, number | string>;

const PHASES = ["rollout", "reward", "reference", "advantage", "loss", "step"];
const EVAL_KEYS = [
  "eval_solve_f1",
  "eval_answer_accuracy",
  "eval_reward_mean",
  "eval_calls_per_episode",
  "eval_nll",
  "eval_rank_accuracy",
  "eval_reward_accuracy",
  "time_eval_s",
];
const CURVE_KEYS = [
  "loss",
  "rollout_reward_mean",
  "rollout_solve_f1",
  "rollout_answer_accuracy",
  "adv_zero_std_groups",
  "kl",
  "adv_kl",
  "rank_accuracy",
  "grad_norm",
];

const fmt = (v: unknown) =>
  typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : "";

function table(rows: MetricsRow[], keys: string[]): string {
  const used = ["step", ...keys.filter((k) => rows.some((r) => typeof r[k] === "number"))];
  const lines = [used, ...rows.map((r) => used.map((k) => fmt(r[k])))];
  const widths = used.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((c, i) => c.padStart(widths[i])).join("  ")).join("\n");
}

function readRows(dir: string): MetricsRow[] {
  return readFileSync(join(dir, "metrics.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as MetricsRow);
}

/** `rows` cut into ten consecutive windows (fewer when there are fewer rows). */
function tenWindows<T>(rows: T[]): T[][] {
  const every = Math.max(1, Math.ceil(rows.length / 10));
  const windows: T[][] = [];
  for (let i = 0; i < rows.length; i += every) windows.push(rows.slice(i, i + every));
  return windows;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The control run's rollout reward by step. */
function controlRewards(controlDir: string): Map<unknown, number> {
  return new Map(
    readRows(controlDir)
      .filter((r) => r.kind === "train" && typeof r.rollout_reward_mean === "number")
      .map((r) => [r.step, r.rollout_reward_mean as number]),
  );
}

/** Rollout reward of `trains` against the control's at the same steps, in ten windows. */
function pairedWithControl(trains: MetricsRow[], control: Map<unknown, number>): string {
  const paired = trains.filter(
    (r) => control.has(r.step) && typeof r.rollout_reward_mean === "number",
  );
  if (paired.length === 0) return "no steps in common with the control\n";
  const points = tenWindows(paired).map((window): MetricsRow => {
    const run = mean(window.map((r) => r.rollout_reward_mean as number));
    const ctl = mean(window.map((r) => control.get(r.step)!));
    return { step: window[window.length - 1].step, reward: run, control: ctl, delta: run - ctl };
  });
  return `${table(points, ["reward", "control", "delta"])}\n`;
}

const args = process.argv.slice(2);
const controlAt = args.indexOf("--control");
const controlDir = controlAt >= 0 ? args.splice(controlAt, 2)[1] : undefined;
const control = controlDir === undefined ? undefined : controlRewards(controlDir);
for (const dir of args) {
  const rows = readRows(dir);
  const evals = rows.filter((r) => r.kind === "eval");
  const trains = rows.filter((r) => r.kind === "train");
  process.stdout.write(`\n== ${dir}\n\nheld-out evaluations\n${table(evals, EVAL_KEYS)}\n`);
  // Ten points of the curve, each the mean of the steps since the previous point.
  const points = tenWindows(trains).map((window) => {
    const point: MetricsRow = { step: window[window.length - 1].step };
    for (const k of CURVE_KEYS) {
      const vs = window.map((r) => r[k]).filter((v): v is number => typeof v === "number");
      if (vs.length > 0) point[k] = mean(vs);
    }
    return point;
  });
  process.stdout.write(`\ntraining curve (means over each window)\n${table(points, CURVE_KEYS)}\n`);
  if (control !== undefined && dir !== controlDir)
    process.stdout.write(
      `\nrollout reward against the control (same environments and seeds each step)\n${pairedWithControl(trains, control)}`,
    );
  const phases = PHASES.flatMap((p) => {
    const seconds = trains.reduce((s, r) => s + ((r[`time_${p}_s`] as number) ?? 0), 0);
    const tokens = trains.reduce(
      (s, r) => s + ((r[`tok_s_${p}`] as number) ?? 0) * ((r[`time_${p}_s`] as number) ?? 0),
      0,
    );
    return seconds > 0
      ? [{ phase: p, seconds, tokS: tokens > 0 ? tokens / seconds : undefined }]
      : [];
  });
  const total = phases.reduce((s, p) => s + p.seconds, 0);
  const evalSeconds = evals.reduce((s, r) => s + ((r.time_eval_s as number) ?? 0), 0);
  process.stdout.write(`\nphases over ${trains.length} steps (wall seconds, share, tokens/s)\n`);
  for (const p of phases) {
    process.stdout.write(
      `  ${p.phase.padEnd(10)} ${p.seconds.toFixed(1).padStart(8)} s  ${((100 * p.seconds) / total).toFixed(1).padStart(5)}%` +
        (p.tokS === undefined ? "" : `  ${Math.round(p.tokS).toString().padStart(7)} tok/s`) +
        "\n",
    );
  }
  process.stdout.write(
    `  ${"eval".padEnd(10)} ${evalSeconds.toFixed(1).padStart(8)} s  (${evals.length} evaluations)\n`,
  );
  const first = evals[0];
  const last = evals[evals.length - 1];
  const summary = {
    run: dir,
    steps: trains.length === 0 ? 0 : trains[trains.length - 1].step,
    before:
      first && Object.fromEntries(EVAL_KEYS.filter((k) => k in first).map((k) => [k, first[k]])),
    after: last && Object.fromEntries(EVAL_KEYS.filter((k) => k in last).map((k) => [k, last[k]])),
    train_seconds: total,
    eval_seconds: evalSeconds,
    phases: Object.fromEntries(phases.map((p) => [p.phase, { seconds: p.seconds, tok_s: p.tokS }])),
  };
  process.stdout.write(`\n${JSON.stringify(summary)}\n`);
}
