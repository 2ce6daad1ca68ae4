// npm run bench:runtime — the foundation's figures: sandbox call rate and environment set-up
// (bench/sandbox.js), oracle rollout overhead over the sample environments, and reward throughput.
// Runs on the compiled package (dist/). Ends with one line of JSON holding the figures.
//
// The oracle rollout runs twice: over copies of the 12 sample environments (every copy after the
// first loads from the sandbox's cache of loaded images, as the samples of one environment do),
// and over distinct environments (each copy's code differs by a comment, so every episode
// compiles its tools, as an evaluation over a set of environments does).
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

let copyCount = 0;
/** A copy of `record` whose code the sandbox has not seen. */
function distinctCode(record) {
  const n = copyCount++;
  const code = Object.entries(record.code).map(([name, src]) => [name, `${src}\n// copy ${n}`]);
  return { ...record, code: Object.fromEntries(code) };
}

async function benchRollout(records, { distinct }) {
  const sandbox = await createSandbox();
  const policy = createOraclePolicy();
  const copies = (n) =>
    Array.from({ length: n }, (_, i) =>
      records.map((r) => ({ ...(distinct ? distinctCode(r) : r), id: `${r.id}-${i}` })),
    ).flat();
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
const rollout = await benchRollout(records, { distinct: false });
const distinctRollout = await benchRollout(records, { distinct: true });
const rewardPerSecond = benchReward(rollout.trajectories, records);

const figures = {
  sandbox_calls_per_s: Math.round(sandbox.warmCallsPerSecond),
  env_setup_ms: Number(sandbox.freshEnvironmentMs.toFixed(4)),
  env_setup_cached_ms: Number((sandbox.cachedEnvironmentUs.best / 1000).toFixed(4)),
  oracle_episodes_per_s: Math.round(rollout.episodesPerSecond),
  oracle_episodes_per_s_distinct: Math.round(distinctRollout.episodesPerSecond),
  reward_trajectories_per_s: Math.round(rewardPerSecond),
};
console.log(
  `sandbox: ${figures.sandbox_calls_per_s.toLocaleString()} warm calls/s (goal ≥ 100,000), fresh environment ${figures.env_setup_ms} ms (goal ≤ 1), ${figures.env_setup_cached_ms} ms for the same code again`,
);
// Where an episode's time goes: every episode loads a fresh environment, whose fixed part
// (its engine set to the pristine image, teardown — no tool code) is timed apart in
// bench/sandbox.js.
const emptyEnvironmentUs = sandbox.emptyLoadAndDisposeUs.best;
const episodeUs = 1e6 / rollout.episodesPerSecond;
const distinctEpisodeUs = 1e6 / distinctRollout.episodesPerSecond;
figures.empty_environment_us = Number(emptyEnvironmentUs.toFixed(1));
figures.empty_environment_share = Number((emptyEnvironmentUs / episodeUs).toFixed(3));
figures.empty_environment_share_distinct = Number(
  (emptyEnvironmentUs / distinctEpisodeUs).toFixed(3),
);
const share = (x) => `${(100 * x).toFixed(1)}%`;
console.log(
  `rollout: ${figures.oracle_episodes_per_s.toLocaleString()} oracle episodes/s over copies of the sample environments (goal ≥ 2,000), ${figures.oracle_episodes_per_s_distinct.toLocaleString()} over distinct ones`,
);
console.log(
  `         ${episodeUs.toFixed(0)} µs per episode (${distinctEpisodeUs.toFixed(0)} µs distinct), of which ${emptyEnvironmentUs.toFixed(1)} µs (${share(figures.empty_environment_share)}; ${share(figures.empty_environment_share_distinct)}) is the fixed cost of its fresh environment (no tool code)`,
);
console.log(
  `reward:  ${figures.reward_trajectories_per_s.toLocaleString()} trajectories scored/s (Solve-P/R/F1, answer match, FTRL per-turn)`,
);
console.log(JSON.stringify(figures));
