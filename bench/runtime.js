// npm run bench:runtime — the foundation's figures: sandbox call rate and environment set-up
// (bench/sandbox.js), oracle rollout overhead over the sample environments, and reward throughput.
// Runs on the compiled package (dist/). Ends with one line of JSON holding the figures.
import { fileURLToPath } from "node:url";
import {
  answerMatch,
  createOraclePolicy,
  createSandbox,
  EnvironmentRecordSchema,
  ftrlTurnReward,
  readJsonl,
  runRollouts,
  solveF1,
  solveP,
  solveR,
} from "../dist/index.js";
import { benchSandbox } from "./sandbox.js";

const SAMPLE = fileURLToPath(new URL("../examples/envs.sample.jsonl", import.meta.url));

async function benchRollout(records) {
  const sandbox = await createSandbox();
  const policy = createOraclePolicy();
  const copies = (n) =>
    Array.from({ length: n }, (_, i) => records.map((r) => ({ ...r, id: `${r.id}-${i}` }))).flat();
  await runRollouts({ records: copies(20), policy, sandbox }); // warm-up: JIT, ajv compile cache
  let episodes = 0;
  let trajectories = [];
  const started = performance.now();
  while (performance.now() - started < 3000) {
    const batch = copies(50);
    const result = await runRollouts({ records: batch, policy, sandbox, concurrency: 8 });
    episodes += result.trajectories.length;
    trajectories = result.trajectories;
  }
  const seconds = (performance.now() - started) / 1000;
  sandbox.dispose();
  return { episodesPerSecond: episodes / seconds, trajectories };
}

function benchReward(trajectories, records) {
  const byId = new Map(records.map((r) => [r.id, r]));
  const rows = trajectories.map((t) => byId.get(t.env_id.replace(/-\d+$/, "")));
  const finals = trajectories.map((t) => t.messages.at(-1)?.content ?? "");
  const golds = rows.map((r) => r.answer);
  const scoreAll = () => {
    solveP(trajectories, rows);
    solveR(trajectories, rows);
    solveF1(trajectories, rows);
    answerMatch(finals, golds);
    ftrlTurnReward(trajectories, rows);
  };
  for (let i = 0; i < 20; i++) scoreAll();
  let scored = 0;
  const started = performance.now();
  while (performance.now() - started < 2000) {
    scoreAll();
    scored += trajectories.length;
  }
  return scored / ((performance.now() - started) / 1000);
}

const records = await readJsonl(SAMPLE, EnvironmentRecordSchema);
const sandbox = await benchSandbox();
const rollout = await benchRollout(records);
const rewardPerSecond = benchReward(rollout.trajectories, records);

const figures = {
  sandbox_calls_per_s: Math.round(sandbox.warmCallsPerSecond),
  env_setup_ms: Number(sandbox.freshEnvironmentMs.toFixed(4)),
  oracle_episodes_per_s: Math.round(rollout.episodesPerSecond),
  reward_trajectories_per_s: Math.round(rewardPerSecond),
};
console.log(
  `sandbox: ${figures.sandbox_calls_per_s.toLocaleString()} warm calls/s (goal ≥ 100,000), fresh environment ${figures.env_setup_ms} ms (goal ≤ 1)`,
);
// Where an episode's time goes: every episode loads a fresh environment, whose fixed part
// (runtime, context, prelude, teardown — no tool code) is timed apart in bench/sandbox.js.
const emptyEnvironmentUs = sandbox.emptyLoadAndDisposeUs.best;
const episodeUs = 1e6 / rollout.episodesPerSecond;
figures.empty_environment_us = Number(emptyEnvironmentUs.toFixed(1));
figures.empty_environment_share = Number((emptyEnvironmentUs / episodeUs).toFixed(3));
console.log(
  `rollout: ${figures.oracle_episodes_per_s.toLocaleString()} oracle episodes/s over the sample environments (goal ≥ 2,000)`,
);
console.log(
  `         ${episodeUs.toFixed(0)} µs per episode, of which ${emptyEnvironmentUs.toFixed(0)} µs (${(100 * figures.empty_environment_share).toFixed(0)}%) is the fixed cost of its fresh environment (no tool code)`,
);
console.log(
  `reward:  ${figures.reward_trajectories_per_s.toLocaleString()} trajectories scored/s (Solve-P/R/F1, answer match, FTRL per-turn)`,
);
console.log(JSON.stringify(figures));
