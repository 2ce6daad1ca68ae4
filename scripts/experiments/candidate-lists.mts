// TRICE Stage II data: for each problem, the gold response and SAMPLES responses sampled from a
// checkpoint of the built-in model, each executed and scored with TRICE's execution score.
// `npx tsx scripts/experiments/candidate-lists.mts CHECKPOINT PROBLEMS.jsonl OUT.jsonl [SAMPLES] [SEED]`
import { MathProblemSchema, readJsonl } from "../../src/core/index.js";
import { createBuiltinPolicy } from "../../src/policy/index.js";
import { buildTriceCandidateLists, writeJsonlRecords } from "../../src/train/index.js";

const [checkpoint, problemsFile, out, samples = "4", seed = "1"] = process.argv.slice(2);
const problems = await readJsonl(problemsFile, MathProblemSchema);
const policy = createBuiltinPolicy({
  dir: checkpoint,
  temperature: 1,
  maxNewTokens: 48,
  seed: Number(seed),
});
const started = performance.now();
const lists = await buildTriceCandidateLists({
  problems,
  sources: [{ name: "sft", policy, samples: Number(samples) }],
  concurrency: 64,
});
writeJsonlRecords(out, lists);
const candidates = lists.flatMap((l) => l.candidates).filter((c) => c.source !== "gold");
const mean = (f: (c: (typeof candidates)[number]) => number) =>
  candidates.reduce((s, c) => s + f(c), 0) / Math.max(1, candidates.length);
process.stdout.write(
  `${lists.length} lists, ${candidates.length} sampled candidates in ` +
    `${((performance.now() - started) / 1000).toFixed(1)}s: mean score ${mean((c) => c.score).toFixed(3)}, ` +
    `right ${(100 * mean((c) => Number(c.score >= 1))).toFixed(1)}%, ` +
    `tool use ${(100 * mean((c) => Number(c.used_tool))).toFixed(1)}% → ${out}\n`,
);
