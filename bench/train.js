// npm run bench:train — GRPO steps of this tree against a baseline commit's, side by side in one run
// (issue 14, goal 1): episodes trained per second of a whole step (rollout + reward + reference +
// advantage + loss + step), each phase's share, and the rollout's sampling tokens/s against the
// engine's own sampling benchmark (bench:engine's: 16 sequences × 64 tokens after 16) at the same
// model size, measured in this run.
//
// Both sides run the same `toolgym train` command line, scripts/experiments/rl.sh's (GRPO, 8
// prompts × 8 samples, up to 3 turns of 96 tokens, 16 episodes in flight, fresh environments
// every step built like the --envs file), each in a child process of its own tree's build, with
// the same matrix kernel (TOOLGYM_KERNEL). The baseline tree is a detached git worktree of
// TOOLGYM_BENCH_BASELINE in the system's temporary directory, built there once (tsc and the
// native addons; node_modules is this tree's). Rounds alternate baseline and current; each side's
// best round is reported, so a burst of load on a shared machine does not decide the ratio. The
// first step of a run (JIT, buffers, the tokenizer's first use) is left out of its figures.
//
// Settings (environment):
//   TOOLGYM_BENCH_BASELINE  commit to compare with (default main before the speed work, below);
//                           "none" measures this tree alone
//   TOOLGYM_BENCH_INIT      checkpoint to start from (rl.sh starts from an SFT checkpoint); default
//                           none: a fresh GPT of rl.sh's size (d 128, 4 layers, 4 heads, ctx 384,
//                           1024-token BPE), whose turns run to their 96-token limit
//   TOOLGYM_BENCH_ENVS      environments file (default: 300 built like common.sh's, once, into the
//                           temporary directory)
//   TOOLGYM_BENCH_STEPS     steps per run, the first left out (default 4)
//   TOOLGYM_BENCH_ROUNDS    rounds (default 2)
//   TOOLGYM_KERNEL          the kernel of both sides (default: the one this tree picks)
// Prints a table, then one line of JSON.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describeKernel, Gpt, loadKernel, Sampler, SeededRng } from "../dist/model/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));
/** main as it was before the RL-speed work (issue 14), sandbox changes merged. */
const DEFAULT_BASELINE = "e600c8c";
const baselineRef = process.env.TOOLGYM_BENCH_BASELINE ?? DEFAULT_BASELINE;
const steps = Number(process.env.TOOLGYM_BENCH_STEPS ?? 4);
const rounds = Number(process.env.TOOLGYM_BENCH_ROUNDS ?? 2);
const init = process.env.TOOLGYM_BENCH_INIT;
const kernel = loadKernel();
const kernelName = kernel.name;
const scratch = join(tmpdir(), "toolgym-bench-train");
mkdirSync(scratch, { recursive: true });

const PHASES = ["rollout", "reward", "reference", "advantage", "loss", "step"];
// scripts/experiments/rl.sh's train command (common.sh's SAMPLING), without held-out evaluation
// and with checkpoints only at the end (neither is part of a step).
const RL_FLAGS = [
  ...["--algo", "grpo", "--batch-size", "8", "--group-size", "8", "--lr", "2e-4"],
  ...["--min-lr", "2e-5", "--warmup-steps", "5", "--temperature", "1"],
  ...["--max-new-tokens", "96", "--max-turns", "3", "--concurrency", "16"],
  ...["--eval-interval", "0", "--checkpoint-interval", "1000"],
];
// common.sh's MODEL: the size a run from scratch gets.
const MODEL_FLAGS = [
  ...["--ctx", "384", "--d-model", "128", "--n-layer", "4", "--n-head", "4"],
  ...["--vocab-size", "1024"],
];

/** Runs `cmd` in `cwd`, failing loudly with its output. */
function sh(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** The baseline's tree, built: a detached worktree of `ref` (made and built on first use). */
function baselineTree(ref) {
  const sha = sh("git", ["rev-parse", "--verify", `${ref}^{commit}`], root).trim();
  const dir = join(scratch, `baseline-${sha.slice(0, 12)}`);
  if (!existsSync(join(dir, ".built"))) {
    console.log(
      `baseline ${ref} (${sha.slice(0, 12)}): making a worktree in ${dir} and building it`,
    );
    if (existsSync(dir)) sh("git", ["worktree", "remove", "--force", dir], root);
    sh("git", ["worktree", "add", "--detach", dir, sha], root);
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
    sh(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      dir,
    );
    sh(process.execPath, ["scripts/build-native.mjs"], dir);
    sh("touch", [".built"], dir);
  }
  return { label: `baseline ${ref}`, dir, sha };
}

/** The environments both sides train on: common.sh's build, 300 of them, made once. */
function environments() {
  if (process.env.TOOLGYM_BENCH_ENVS) return resolve(process.env.TOOLGYM_BENCH_ENVS);
  const file = join(scratch, "envs-train.jsonl");
  if (!existsSync(file)) {
    sh(
      process.execPath,
      [
        join(root, "bin/toolgym.js"),
        ...["envs", "build", "--seed", "1", "--complexity", "none"],
        ...["--scenarios", "single_hop,parallel_single_hop", "--count", "300", "--split", "train"],
        ...["--out", file],
      ],
      root,
    );
  }
  return file;
}

/** One `toolgym train` run of `tree`; per-step figures from its metrics.jsonl. */
function runTrain(tree, envs, round) {
  const out = join(scratch, `run-${tree.sha ?? "current"}-${round}`);
  rmSync(out, { recursive: true, force: true });
  const args = [
    join(tree.dir, "bin/toolgym.js"),
    "train",
    ...RL_FLAGS,
    ...(init ? ["--init", resolve(init)] : MODEL_FLAGS),
    ...["--envs", envs, "--out", out, "--steps", String(steps)],
  ];
  const run = spawnSync(process.execPath, args, {
    cwd: tree.dir,
    encoding: "utf8",
    env: { ...process.env, TOOLGYM_KERNEL: kernelName },
    timeout: 1_200_000,
  });
  if (run.status !== 0) {
    throw new Error(
      `${tree.label}: toolgym train failed (${run.status ?? run.signal ?? run.error?.message}): ${run.stderr.slice(-2000)}`,
    );
  }
  const kernelLine = run.stderr.match(/kernel (.*)/)?.[1] ?? "?";
  const records = readFileSync(join(out, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line))
    .filter((r) => r.kind === "train" && r.step > 1);
  rmSync(out, { recursive: true, force: true });
  const seconds = Object.fromEntries(
    PHASES.map((p) => [p, records.reduce((s, r) => s + (r[`time_${p}_s`] ?? 0), 0)]),
  );
  const total = PHASES.reduce((s, p) => s + seconds[p], 0);
  const episodes = records.reduce((s, r) => s + r.rollout_episodes, 0);
  const sampled = records.reduce((s, r) => s + r.sampled_tokens, 0);
  return {
    kernel: kernelLine,
    steps: records.length,
    seconds_per_step: total / records.length,
    episodes_per_s: episodes / total,
    rollout_tokens_per_s: sampled / seconds.rollout,
    sampled_tokens_per_step: sampled / records.length,
    reward_mean: records.reduce((s, r) => s + r.rollout_reward_mean, 0) / records.length,
    shares: Object.fromEntries(PHASES.map((p) => [p, seconds[p] / total])),
  };
}

/** bench:engine's sampling measure, on a fresh GPT of the trained size, with the same kernel. */
function engineSampling() {
  const config = { vocabSize: 1024, ctx: 384, dModel: 128, nLayer: 4, nHead: 4 };
  const model = new Gpt({ config, kernel, seed: 0 });
  const rng = new SeededRng(1);
  const prompts = Array.from({ length: 16 }, () =>
    Array.from({ length: 16 }, () => rng.nextInt(config.vocabSize)),
  );
  const sampler = new Sampler(model);
  const sample = (seed) => sampler.generate({ prompts, maxNewTokens: 64, temperature: 0.8, seed });
  sample(1);
  const t0 = performance.now();
  sample(2);
  return (16 * 64) / ((performance.now() - t0) / 1000);
}

const better = (a, b) => (a === undefined || b.episodes_per_s > a.episodes_per_s ? b : a);
const current = { label: "current", dir: root, sha: undefined };
const baseline = baselineRef === "none" ? undefined : baselineTree(baselineRef);
const envs = environments();
console.log(
  `GRPO, rl.sh's configuration, ${init ? `from ${init}` : "from a fresh GPT (d 128, 4 layers, ctx 384)"}; ` +
    `kernel ${describeKernel(kernel)} on both sides; ${steps - 1} timed steps a run, best of ${rounds}`,
);
let best = {};
let engineTokS = 0;
for (let round = 0; round < rounds; round++) {
  for (const tree of baseline ? [baseline, current] : [current]) {
    const result = runTrain(tree, envs, round);
    console.log(
      `  round ${round + 1} ${tree.label}: ${result.episodes_per_s.toFixed(1)} episodes/s, ` +
        `${result.seconds_per_step.toFixed(2)} s/step, rollout ${result.rollout_tokens_per_s.toFixed(0)} tok/s`,
    );
    best = { ...best, [tree.label]: better(best[tree.label], result) };
  }
  engineTokS = Math.max(engineTokS, engineSampling());
}

const pct = (x) => `${(100 * x).toFixed(0)}%`.padStart(6);
console.log(
  `\n  ${"tree".padEnd(26)} ep/s   s/step  rollout tok/s ${PHASES.map((p) => p.padStart(9)).join("")}`,
);
for (const [label, r] of Object.entries(best)) {
  console.log(
    `  ${label.padEnd(26)} ${r.episodes_per_s.toFixed(1).padStart(5)} ${r.seconds_per_step.toFixed(2).padStart(7)}` +
      ` ${r.rollout_tokens_per_s.toFixed(0).padStart(14)} ${PHASES.map((p) => pct(r.shares[p]).padStart(9)).join("")}`,
  );
}
const ours = best.current;
const theirs = baseline ? best[baseline.label] : undefined;
const speedup = theirs ? ours.episodes_per_s / theirs.episodes_per_s : null;
const samplingShare = ours.rollout_tokens_per_s / engineTokS;
console.log(
  `  engine sampling (bench:engine's measure, same size): ${engineTokS.toFixed(0)} tok/s`,
);
if (speedup !== null) console.log(`  episodes/s, current ÷ baseline: ${speedup.toFixed(2)}×`);
console.log(`  rollout sampling ÷ engine sampling: ${pct(samplingShare).trim()}`);
console.log(
  JSON.stringify({
    kernel: describeKernel(kernel),
    init: init ?? null,
    baseline: baseline ? baseline.sha : null,
    episodes_per_s_ratio: speedup,
    rollout_vs_engine_sampling: samplingShare,
    engine_sample_tokens_per_s: engineTokS,
    current: ours,
    ...(theirs ? { baseline_run: theirs } : {}),
  }),
);
