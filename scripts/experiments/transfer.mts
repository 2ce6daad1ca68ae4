// Learning that transfers (issue 9's measure): does the built-in model, trained from scratch with
// the defaults, solve environments whose entities it has never seen, and does RL on the verifiable
// reward add to it beyond what the same wall time of more behaviour cloning gives?
//
//   npx tsx scripts/experiments/transfer.mts [--out DIR] [--seed N] [--complexity none]
//     [--scenarios single_hop,parallel_single_hop] [--train-count 3000] [--test-count 200]
//     [--ablations no-copy-head,no-copy,smear] [--answer-reward 0.5] [--kernel native]
//     [--hold-out-families date]
//
// 1. builds training environments (train split, seed S) and test environments (test split, seed
//    S+1: other worlds, entities never trained on), with `toolgym envs build`; with
//    `--hold-out-families`, tools of those families only in the test environments (the figures
//    then come split by whether an episode needs such a tool);
// 2. `toolgym train --algo sft --envs TRAIN --out sft` with no tuning flags (the defaults are the
//    recipe), timed;
// 3. `toolgym train --algo grpo --init sft --envs TRAIN --out grpo`, no tuning flags, timed;
// 4. the control: `toolgym train --algo sft --init sft` for as many steps as fit in grpo's wall
//    time (at the rate the sft run trained at), so a gain over it is the feedback's, not more
//    training's;
// 5. the ablations (`--ablations`, comma-separated): the same sft run without the copy head
//    (`--no-copy-head`, `no-copy-head`, the default), with copy keys that read only the state
//    before the token they copy (`--no-copy-key-next`, `no-copy-key-next`), without the copy
//    head's suffix-match bias (`--copy-match 0`, `no-copy-match`), with a copy gate that reads only
//    the current state (`--no-copy-gate-pointed`, `no-copy-gate-pointed`), without the copy warm-up
//    (`--copy-warmup-steps 0`, `no-copy`), or with smeared keys added (`--smear-keys`, `smear`);
//    and grpo with a reward that also pays for the final answer (`--answer-reward W`, default
//    0.5; `--answer-reward 0` skips that arm);
// 6. `toolgym eval` of each checkpoint on the test environments (greedy, 3 turns), and paired
//    bootstrap intervals of the per-environment differences (grpo − sft, grpo − control,
//    sft − each ablation).
//
// Writes DIR/summary.json (atomically) and prints the tables. Every stage resumes: a stage whose
// output is complete is not run again, so a stopped run continues where it stopped.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import writeFileAtomic from "write-file-atomic";
import { z } from "zod";
import {
  readEnvironments,
  readJsonl,
  type Trajectory,
  TrajectorySchema,
} from "../../src/core/index.js";
import { bootstrapInterval, wilsonInterval } from "../../src/report/index.js";

const { values: args } = parseArgs({
  options: {
    out: { type: "string", default: "runs/exp/transfer" },
    seed: { type: "string", default: "21" },
    complexity: { type: "string", default: "none" },
    scenarios: { type: "string", default: "single_hop,parallel_single_hop" },
    "train-count": { type: "string", default: "3000" },
    "test-count": { type: "string", default: "200" },
    kernel: { type: "string", default: process.env.TOOLGYM_KERNEL ?? "" },
    ablations: { type: "string", default: "no-copy-head" },
    "answer-reward": { type: "string", default: "0.5" },
    "hold-out-families": { type: "string", default: "" },
  },
});
const OUT = args.out;
const SEED = Number(args.seed);
const env = { ...process.env, ...(args.kernel ? { TOOLGYM_KERNEL: args.kernel } : {}) };

/** Runs `toolgym …` (the built package) and returns its wall time in seconds. */
function toolgym(argv: string[]): number {
  process.stderr.write(`\n$ toolgym ${argv.join(" ")}\n`);
  const started = performance.now();
  const result = spawnSync("node", ["bin/toolgym.js", ...argv], { stdio: "inherit", env });
  if (result.status !== 0) {
    throw new Error(`toolgym ${argv[0]} ${argv[1] ?? ""} exited ${result.status}`);
  }
  return (performance.now() - started) / 1000;
}

// The built package must be this checkout's code: a dist/ left from an older build would train
// another model than the sources say.
if (spawnSync("npm", ["run", "build"], { stdio: "inherit" }).status !== 0) {
  throw new Error("npm run build failed");
}

const timesFile = join(OUT, "times.json");
const times: Record<string, number> = existsSync(timesFile)
  ? JSON.parse(readFileSync(timesFile, "utf8"))
  : {};
/** A stage that runs once: its wall time is kept in times.json, so a rerun skips it. */
function stage(name: string, run: () => number): number {
  if (times[name] === undefined) {
    times[name] = run();
    writeFileAtomic.sync(timesFile, `${JSON.stringify(times, null, 2)}\n`);
  }
  return times[name];
}

const build = (split: string, seed: number, count: string) => {
  const file = join(OUT, `envs-${split}.jsonl`);
  stage(`envs-${split}`, () =>
    toolgym([
      "envs",
      "build",
      "--count",
      count,
      "--seed",
      String(seed),
      "--split",
      split,
      "--complexity",
      args.complexity,
      "--scenarios",
      args.scenarios,
      ...(args["hold-out-families"] === ""
        ? []
        : ["--hold-out-families", args["hold-out-families"]]),
      "--out",
      file,
    ]),
  );
  return file;
};
const trainEnvs = build("train", SEED, args["train-count"]);
const testEnvs = build("test", SEED + 1, args["test-count"]);

const evaluate = (name: string, policy: string) => {
  const dir = join(OUT, `eval-${name}`);
  stage(`eval-${name}`, () =>
    toolgym(["eval", "--envs", testEnvs, "--policy", policy, "--out", dir, "--max-turns", "3"]),
  );
  return dir;
};

const sftDir = join(OUT, "sft");
const sftSeconds = stage("sft", () =>
  toolgym(["train", "--algo", "sft", "--envs", trainEnvs, "--out", sftDir]),
);
const rlDir = join(OUT, "grpo");
const rlSeconds = stage("grpo", () =>
  toolgym(["train", "--algo", "grpo", "--init", sftDir, "--envs", trainEnvs, "--out", rlDir]),
);

type Row = Record<string, number | string | undefined>;
const metricsRows = async (dir: string): Promise<Row[]> =>
  (await readJsonl(join(dir, "metrics.jsonl"), z.record(z.string(), z.unknown()))) as Row[];

// The control's steps: grpo's wall time at the rate the sft run's behaviour-cloning steps (after
// its copy warm-up) trained at.
const sftTrain = (await metricsRows(sftDir)).filter((r) => r.kind === "train");
const cloning = sftTrain.filter((r) => r.copy_warmup === undefined);
const first = cloning[0]!;
const last = cloning.at(-1)!;
const secondsPerStep =
  (Number(last.elapsed_s) - Number(first.elapsed_s)) / (Number(last.step) - Number(first.step));
const controlSteps = Math.max(1, Math.round(rlSeconds / secondsPerStep));
const controlDir = join(OUT, "control");
const controlSeconds = stage("control", () =>
  toolgym([
    "train",
    "--algo",
    "sft",
    "--init",
    sftDir,
    "--envs",
    trainEnvs,
    "--out",
    controlDir,
    "--steps",
    String(controlSteps),
  ]),
);

// The ablations: the same sft run without one part of the recipe.
const ABLATIONS: Record<string, string[]> = {
  "no-copy-head": ["--no-copy-head"],
  "no-copy-key-next": ["--no-copy-key-next"],
  "no-copy-match": ["--copy-match", "0"],
  "no-copy-gate-pointed": ["--no-copy-gate-pointed"],
  "no-copy": ["--copy-warmup-steps", "0"],
  smear: ["--smear-keys"],
};
const ablations = args.ablations === "" ? [] : args.ablations.split(",");
for (const name of ablations) {
  if (ABLATIONS[name] === undefined) {
    throw new Error(
      `--ablations: unknown ${JSON.stringify(name)} (known: ${Object.keys(ABLATIONS)})`,
    );
  }
}
const ablationSeconds: Record<string, number> = {};
for (const name of ablations) {
  const dir = join(OUT, `sft-${name}`);
  ablationSeconds[`sft_${name.replaceAll("-", "_")}`] = Math.round(
    stage(`sft-${name}`, () =>
      toolgym(["train", "--algo", "sft", "--envs", trainEnvs, "--out", dir, ...ABLATIONS[name]!]),
    ),
  );
}

// grpo whose reward also pays for the final answer: (1 − w)·Solve-P·Solve-R + w·answer.
const answerWeight = Number(args["answer-reward"]);
const answerDir = join(OUT, "grpo-answer");
if (answerWeight > 0) {
  ablationSeconds.grpo_answer = Math.round(
    stage("grpo-answer", () =>
      toolgym([
        "train",
        "--algo",
        "grpo",
        "--init",
        sftDir,
        "--envs",
        trainEnvs,
        "--out",
        answerDir,
        "--answer-reward",
        String(answerWeight),
      ]),
    ),
  );
}

const evals: Record<string, string> = {
  sft: evaluate("sft", `builtin:${sftDir}`),
  grpo: evaluate("grpo", `builtin:${rlDir}`),
  ...(answerWeight > 0 ? { "grpo-answer": evaluate("grpo-answer", `builtin:${answerDir}`) } : {}),
  control: evaluate("control", `builtin:${controlDir}`),
  ...Object.fromEntries(
    ablations.map((name) => [
      `sft-${name}`,
      evaluate(`sft-${name}`, `builtin:${join(OUT, `sft-${name}`)}`),
    ]),
  ),
};

type Episode = Trajectory;
const episodes = async (dir: string): Promise<Map<string, Episode>> =>
  new Map(
    (await readJsonl(join(dir, "trajectories.jsonl"), TrajectorySchema)).map((e) => [e.env_id, e]),
  );
const byRun = Object.fromEntries(
  await Promise.all(Object.entries(evals).map(async ([name, dir]) => [name, await episodes(dir)])),
) as Record<string, Map<string, Episode>>;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const round = (x: number) => Math.round(x * 1000) / 1000;
const interval = (i: { estimate: number; low: number; high: number }) => ({
  estimate: round(i.estimate),
  ci95: [round(i.low), round(i.high)],
});

/** Solve-F1 (bootstrap interval) and answer accuracy (Wilson) of a set of episodes. */
function figures(list: readonly Episode[]) {
  const right = list.filter((e) => e.metrics.answer_correct).length;
  return {
    episodes: list.length,
    solve_f1: interval(
      bootstrapInterval({
        rows: list,
        statistic: (rows) => mean(rows.map((e) => e.metrics.solve_f1)),
      }),
    ),
    answer_accuracy: interval(wilsonInterval({ successes: right, n: list.length })),
    tool_use_rate: round(mean(list.map((e) => Number(e.metrics.n_calls > 0)))),
  };
}

/** Paired bootstrap of `a − b` over the environments both evaluated. */
function paired(a: Map<string, Episode>, b: Map<string, Episode>) {
  const pairs = [...a.keys()].filter((id) => b.has(id)).map((id) => [a.get(id)!, b.get(id)!]);
  const diff = (f: (e: Episode) => number) =>
    interval(
      bootstrapInterval({
        rows: pairs,
        statistic: (rows) => mean(rows.map(([x, y]) => f(x) - f(y))),
      }),
    );
  return {
    pairs: pairs.length,
    solve_f1: diff((e) => e.metrics.solve_f1),
    answer_accuracy: diff((e) => Number(e.metrics.answer_correct)),
  };
}

const scenarios = [...new Set([...byRun.sft!.values()].map((e) => e.scenario))].sort();

// With held-out families: which test environments need a tool of one (their gold plan calls it).
const heldOut = new Set(args["hold-out-families"].split(",").filter(Boolean));
const needsHeldOut = new Set<string>();
if (heldOut.size > 0) {
  // The gold plan's tools are the ones an episode needs; the build records each tool's family.
  const Families = z.record(z.string(), z.string());
  for (const { value: env } of readEnvironments(testEnvs, { strict: true }).records) {
    const families = Families.parse(env.meta.tool_families);
    if (env.subtasks.some(({ tool }) => heldOut.has(families[tool] ?? "")))
      needsHeldOut.add(env.id);
  }
}
const results = Object.fromEntries(
  Object.entries(byRun).map(([name, map]) => {
    const list = [...map.values()];
    return [
      name,
      {
        overall: figures(list),
        by_scenario: Object.fromEntries(
          scenarios.map((s) => [s, figures(list.filter((e) => e.scenario === s))]),
        ),
        // A test build with held-out families puts a tool of one in every environment's plan (the split's
        // rule), so the second part is empty there; it is kept for files built otherwise.
        ...(heldOut.size > 0
          ? Object.fromEntries(
              (
                [
                  ["needs_held_out_family", list.filter((e) => needsHeldOut.has(e.env_id))],
                  ["needs_trained_families_only", list.filter((e) => !needsHeldOut.has(e.env_id))],
                ] as const
              )
                .filter(([, part]) => part.length > 0)
                .map(([name, part]) => [name, figures(part)]),
            )
          : {}),
      },
    ];
  }),
);

const curve = async (dir: string) =>
  (await metricsRows(dir))
    .filter((r) => r.kind === "eval" || r.step === 1 || Number(r.step) % 100 === 0)
    .map((r) =>
      Object.fromEntries(
        Object.entries(r).filter(([k]) =>
          [
            "step",
            "kind",
            "loss",
            "lr",
            "rollout_reward_mean",
            "kl",
            "copy_warmup",
            "elapsed_s",
          ].includes(k),
        ),
      ),
    );

const summary = {
  command: `npx tsx scripts/experiments/transfer.mts ${process.argv.slice(2).join(" ")}`.trim(),
  settings: {
    seed: SEED,
    test_seed: SEED + 1,
    complexity: args.complexity,
    scenarios: args.scenarios.split(","),
    train_count: Number(args["train-count"]),
    test_count: Number(args["test-count"]),
    kernel: args.kernel || "auto",
    control_steps: controlSteps,
    answer_reward: answerWeight,
    hold_out_families: [...heldOut],
    sft_seconds_per_cloning_step: round(secondsPerStep),
  },
  wall_seconds: {
    sft: Math.round(sftSeconds),
    grpo: Math.round(rlSeconds),
    control: Math.round(controlSeconds),
    ...ablationSeconds,
  },
  test: results,
  differences: {
    grpo_minus_sft: paired(byRun.grpo!, byRun.sft!),
    grpo_minus_control: paired(byRun.grpo!, byRun.control!),
    control_minus_sft: paired(byRun.control!, byRun.sft!),
    ...(answerWeight > 0
      ? {
          grpo_answer_minus_sft: paired(byRun["grpo-answer"]!, byRun.sft!),
          grpo_answer_minus_control: paired(byRun["grpo-answer"]!, byRun.control!),
        }
      : {}),
    ...Object.fromEntries(
      ablations.map((name) => [
        `sft_minus_sft_${name.replaceAll("-", "_")}`,
        paired(byRun.sft!, byRun[`sft-${name}`]!),
      ]),
    ),
  },
  curves: {
    sft: await curve(sftDir),
    grpo: await curve(rlDir),
    control: await curve(controlDir),
    ...(answerWeight > 0 ? { "grpo-answer": await curve(answerDir) } : {}),
    ...Object.fromEntries(
      await Promise.all(
        ablations.map(async (name) => [`sft-${name}`, await curve(join(OUT, `sft-${name}`))]),
      ),
    ),
  },
};
writeFileAtomic.sync(join(OUT, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);

const pct = (i: { estimate: number; ci95: number[] }) =>
  `${i.estimate.toFixed(3)} [${i.ci95[0]!.toFixed(3)}, ${i.ci95[1]!.toFixed(3)}]`;
process.stdout.write(
  `\ntest split (${args["test-count"]} environments, seed ${SEED + 1}), wall: sft ${Math.round(sftSeconds)}s, ` +
    `grpo ${Math.round(rlSeconds)}s, control ${Math.round(controlSeconds)}s (${controlSteps} steps)\n`,
);
for (const [name, r] of Object.entries(results)) {
  process.stdout.write(
    `${name.padEnd(14)} solve-f1 ${pct(r.overall.solve_f1)}  answer ${pct(r.overall.answer_accuracy)}\n`,
  );
}
for (const [key, d] of Object.entries(summary.differences)) {
  process.stdout.write(
    `${key.padEnd(24)} Δsolve-f1 ${pct(d.solve_f1)}  Δanswer ${pct(d.answer_accuracy)}\n`,
  );
}
process.stdout.write(`→ ${join(OUT, "summary.json")}\n`);
