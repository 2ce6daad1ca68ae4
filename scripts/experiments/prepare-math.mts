// TRICE's math track for the RRHF experiment: MAWPS/ASDiv-A problems, shuffled with a fixed seed,
// split into training and held-out problems, and written both as problems (for candidate lists)
// and as SFT examples in TRICE's format (Stage I).
// `npx tsx scripts/experiments/prepare-math.mts OUT_DIR [TRAIN] [TEST]`
import { join } from "node:path";
import { loadMawps } from "../../src/datasets/index.js";
import { SeededRng } from "../../src/model/index.js";
import { sftFromMathProblems, writeJsonlRecords } from "../../src/train/index.js";

const [out, train = "2000", test = "200"] = process.argv.slice(2);
const problems = await loadMawps();
const rng = new SeededRng(1);
for (let i = problems.length - 1; i > 0; i--) {
  const j = rng.nextInt(i + 1);
  [problems[i], problems[j]] = [problems[j], problems[i]];
}
const splits = {
  train: problems.slice(0, Number(train)),
  test: problems.slice(Number(train), Number(train) + Number(test)),
};
for (const [name, set] of Object.entries(splits)) {
  writeJsonlRecords(join(out, `problems-${name}.jsonl`), set);
  writeJsonlRecords(join(out, `sft-${name}.jsonl`), sftFromMathProblems(set));
}
process.stdout.write(
  `${splits.train.length} training and ${splits.test.length} held-out problems → ${out}\n`,
);
