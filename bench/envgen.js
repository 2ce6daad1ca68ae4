// npm run bench:envgen — envgen's figures, on the compiled package (dist/):
// 1. procedural build + verification of 10,000 environments: verified environments per second,
//    in this thread and then on worker threads (the machine's cores, at most four; the records
//    must be identical), with the one-thread time split into generation (the five stages + assembly), the sandbox load
//    (a fresh compile of the tools' code) and the whole verification (that load included), measured side by side
//    on 1,000 of them;
// 2. the distribution statistics of those 10,000 (`toolgym envs stats`);
// 3. the oracle on 1,000 environments of each scenario (Solve-F1 must be 1.000, answers 100%);
// 4. two random policies on the same 4,000: random tools with random arguments, and random
//    tools with arguments taken from the question's words and numbers.
// Ends with one line of JSON holding the figures.
import { availableParallelism } from "node:os";
import {
  assembleEnvironment,
  buildEnvironments,
  COMPLEXITY_PRESETS,
  closeWorkerPools,
  computeEnvironmentStats,
  createOraclePolicy,
  createProceduralBackend,
  createSandbox,
  formatEnvironmentStats,
  formatMetricsTable,
  runRollouts,
  runStages,
  SCENARIOS,
  summarizeTrajectories,
  verifyEnvironment,
} from "../dist/index.js";

const COUNT = 10_000;
const PER_SCENARIO = 1_000;
const SEED = 1;

const sandbox = await createSandbox();

const WORKERS = Math.min(availableParallelism(), 4);

/** The build in this thread (`workers` 1, with a backend to reuse below) or on worker threads. */
async function benchBuild(workers = 1) {
  // Warm-up on another seed: JIT, the argument validator's compiled schemas, the threads' start.
  const where = workers === 1 ? { sandbox } : { workers };
  await buildEnvironments({ count: 300, seed: 99, ...where });
  const backend = workers === 1 ? createProceduralBackend({ seed: SEED }) : "procedural";
  const cpu = process.cpuUsage();
  const started = performance.now();
  let lastTenth = 0;
  const result = await buildEnvironments({
    backend,
    count: COUNT,
    seed: SEED,
    ...where,
    onProgress: ({ accepted }) => {
      if (accepted >= lastTenth + COUNT / 10) {
        lastTenth = accepted;
        process.stderr.write(
          `  built ${accepted}/${COUNT} (${((performance.now() - started) / 1000).toFixed(1)}s)\n`,
        );
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  // CPU time of the whole process (every thread): under other programs' load, wall time says
  // how much of the machine we got, CPU time what the work cost.
  const { user, system } = process.cpuUsage(cpu);
  return { ...result, seconds, cpuSeconds: (user + system) / 1e6, backend };
}

/** Generation, sandbox loads and verification timed separately on the same 1,000 candidates. */
async function benchBreakdown(backend, records) {
  const sample = records.slice(0, 1_000);
  let t = performance.now();
  for (const [i, record] of sample.entries()) {
    const task = await runStages({
      backend,
      request: { id: record.id, scenario: record.scenario },
      context: { seed: SEED, index: i, attempt: 0, complexity: COMPLEXITY_PRESETS.medium },
    });
    assembleEnvironment(task);
  }
  const generationMs = (performance.now() - t) / sample.length;
  // Copies whose code the sandbox has never seen (a comment differs), so that each load
  // compiles, as in a build: the build's own records would load from the sandbox's cache.
  let copy = 0;
  const fresh = (record) => ({
    ...record,
    code: Object.fromEntries(
      Object.entries(record.code).map(([name, src]) => [name, `${src}\n// copy ${copy++}`]),
    ),
  });
  const toLoad = sample.map(fresh);
  const toVerify = sample.map(fresh);
  t = performance.now();
  for (const record of toLoad) sandbox.load(record.code).dispose();
  const loadMs = (performance.now() - t) / sample.length;
  t = performance.now();
  for (const record of toVerify) verifyEnvironment(record, { sandbox });
  const verifyMs = (performance.now() - t) / sample.length;
  const codeBytes =
    sample.reduce((s, r) => s + Object.values(r.code).join("").length, 0) / sample.length;
  return { generationMs, loadMs, verifyMs, codeBytes };
}

/** mulberry32: the random policies' own seeded generator. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A policy that calls 1–2 random tools per turn for two turns, then answers with a random
 * number. Its strings and numbers are random, or (`fromPrompt`) taken from the question.
 */
function createRandomPolicy({ name, seed, fromPrompt }) {
  const random = mulberry32(seed);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const value = (schema, prompt) => {
    if (Array.isArray(schema.enum)) return pick(schema.enum);
    switch (schema.type) {
      case "string": {
        if (fromPrompt && prompt.words.length > 0) return pick(prompt.words);
        return randomWord();
      }
      case "number":
      case "integer":
        if (fromPrompt && prompt.numbers.length > 0) return pick(prompt.numbers);
        return schema.type === "integer"
          ? Math.floor(random() * 1000)
          : Math.round(random() * 100_000) / 100;
      case "boolean":
        return random() < 0.5;
      case "array":
        return [value(schema.items ?? {}, prompt)];
      case "object":
        return args(schema, prompt);
      default:
        return null;
    }
  };
  const randomWord = () =>
    Array.from({ length: 3 + Math.floor(random() * 6) }, () =>
      pick("abcdefghijklmnopqrstuvwxyz"),
    ).join("");
  const args = (schema, prompt) => {
    const out = {};
    const required = schema.required ?? [];
    for (const [key, sub] of Object.entries(schema.properties ?? {}))
      if (required.includes(key) || random() < 0.3) out[key] = value(sub, prompt);
    return out;
  };
  return {
    name,
    async act({ messages, tools }) {
      const turn = messages.filter((m) => m.role === "assistant").length;
      const question = messages.find((m) => m.role === "user")?.content ?? "";
      const prompt = {
        // Capitalized runs ("Zantro Corp", "Varnesia") and dates, and the numbers.
        words: question.match(/\d{4}-\d{2}-\d{2}|[A-Z][a-z]+(?: [A-Z0-9][a-z0-9]*)*/g) ?? [],
        numbers: (question.match(/\d+(?:\.\d+)?/g) ?? []).map(Number),
      };
      if (turn >= 2 || tools.length === 0)
        return {
          message: { role: "assistant", content: `The answer is ${Math.floor(random() * 1000)}.` },
        };
      const calls = Array.from({ length: 1 + Math.floor(random() * 2) }, (_, k) => {
        const tool = pick(tools).function;
        return {
          id: `call_${turn}_${k}`,
          type: "function",
          function: { name: tool.name, arguments: JSON.stringify(args(tool.parameters, prompt)) },
        };
      });
      return { message: { role: "assistant", content: null, tool_calls: calls } };
    },
  };
}

async function score(records, policy) {
  const started = performance.now();
  const { trajectories } = await runRollouts({
    records,
    policy,
    sandbox,
    concurrency: 8,
  });
  const report = summarizeTrajectories(trajectories);
  return { report, seconds: (performance.now() - started) / 1000 };
}

const build = await benchBuild();
const parallelBuild = await benchBuild(WORKERS);
await closeWorkerPools();
const sameRecords =
  parallelBuild.records.length === build.records.length &&
  parallelBuild.records.every((r, i) => JSON.stringify(r) === JSON.stringify(build.records[i]));
const breakdown = await benchBreakdown(build.backend, build.records);
const stats = computeEnvironmentStats(build.records);
const subset = SCENARIOS.flatMap((s) =>
  build.records.filter((r) => r.scenario === s).slice(0, PER_SCENARIO),
);
const oracle = await score(subset, createOraclePolicy());
const random = await score(
  subset,
  createRandomPolicy({ name: "random", seed: 7, fromPrompt: false }),
);
const promptRandom = await score(
  subset,
  createRandomPolicy({ name: "random-from-prompt", seed: 7, fromPrompt: true }),
);
sandbox.dispose();

const perSecond = COUNT / build.seconds;
const rejected = build.attempts - COUNT;
console.log(
  `build:   ${COUNT.toLocaleString()} verified environments in ${build.seconds.toFixed(1)}s = ${perSecond.toFixed(0)}/s in one thread; ` +
    `${build.attempts.toLocaleString()} candidates, ${rejected} rejected`,
);
const parallelPerSecond = COUNT / parallelBuild.seconds;
console.log(
  `         on ${WORKERS} worker threads: ${parallelBuild.seconds.toFixed(1)}s = ${parallelPerSecond.toFixed(0)}/s (goal ≥ 1,000/s; ${(parallelPerSecond / perSecond).toFixed(2)}× one thread), records ${sameRecords ? "identical" : "DIFFERENT"}; ` +
    `CPU time ${build.cpuSeconds.toFixed(1)}s in one thread, ${parallelBuild.cpuSeconds.toFixed(1)}s on ${WORKERS}`,
);
console.log(
  `         per environment: generation ${breakdown.generationMs.toFixed(3)} ms, sandbox load ${breakdown.loadMs.toFixed(3)} ms ` +
    `(${Math.round(breakdown.codeBytes).toLocaleString()} bytes of tool code), whole verification ${breakdown.verifyMs.toFixed(3)} ms ` +
    `(its load included: calls and checks ${(breakdown.verifyMs - breakdown.loadMs).toFixed(3)} ms) ` +
    `→ generation alone ${(1000 / breakdown.generationMs).toFixed(0)}/s`,
);
console.log(`\nstatistics of the ${COUNT.toLocaleString()} environments (toolgym envs stats):`);
console.log(
  formatEnvironmentStats(stats, { attempts: build.attempts, rejections: build.rejections }),
);
console.log(
  `\noracle on ${PER_SCENARIO.toLocaleString()} environments of each scenario (${oracle.seconds.toFixed(1)}s):`,
);
console.log(formatMetricsTable(oracle.report));
console.log(`\nrandom tools, random arguments (${random.seconds.toFixed(1)}s):`);
console.log(formatMetricsTable(random.report));
console.log(
  `\nrandom tools, arguments from the question's words and numbers (${promptRandom.seconds.toFixed(1)}s):`,
);
console.log(formatMetricsTable(promptRandom.report));

const pick = (report) => ({
  solve_f1: Number(report.overall.solve_f1.toFixed(4)),
  answer_accuracy: Number(report.overall.answer_accuracy.toFixed(4)),
  error_call_rate: Number(report.overall.error_call_rate.toFixed(4)),
});
const figures = {
  verified_envs_per_s: Math.round(perSecond),
  workers: WORKERS,
  verified_envs_per_s_workers: Math.round(parallelPerSecond),
  build_cpu_s: Number(build.cpuSeconds.toFixed(2)),
  build_cpu_s_workers: Number(parallelBuild.cpuSeconds.toFixed(2)),
  generation_envs_per_s: Math.round(1000 / breakdown.generationMs),
  generation_ms: Number(breakdown.generationMs.toFixed(4)),
  sandbox_load_ms: Number(breakdown.loadMs.toFixed(4)),
  verification_ms: Number(breakdown.verifyMs.toFixed(4)),
  code_bytes_per_env: Math.round(breakdown.codeBytes),
  envs: COUNT,
  candidates: build.attempts,
  rejections: build.rejections,
  scenarios: stats.scenarios,
  hops_mean: Number(stats.hops.mean.toFixed(3)),
  steps_mean: Number(stats.steps.mean.toFixed(3)),
  tools_per_env_mean: Number(stats.toolsPerEnv.mean.toFixed(3)),
  distractors_per_env_mean: Number(stats.distractorsPerEnv.mean.toFixed(3)),
  parameter_types: stats.parameterTypes,
  oracle: {
    ...pick(oracle.report),
    by_scenario: Object.fromEntries(
      Object.entries(oracle.report.by_scenario).map(([s, r]) => [
        s,
        { solve_f1: r.solve_f1, answer_accuracy: r.answer_accuracy, episodes: r.episodes },
      ]),
    ),
  },
  random: pick(random.report),
  random_from_prompt: pick(promptRandom.report),
};
console.log(JSON.stringify(figures));
if (!sameRecords) {
  console.error("the build on worker threads must give the records of the one-thread build");
  process.exitCode = 1;
}
if (oracle.report.overall.solve_f1 !== 1 || oracle.report.overall.answer_accuracy !== 1) {
  console.error(
    "the oracle must score Solve-F1 1.000 and answer accuracy 100% on verified environments",
  );
  process.exitCode = 1;
}
