import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EnvironmentRecordSchema, readJsonl } from "../../core/index.js";
import { SAMPLE_ENVS_PATH } from "../../testing/sample-envs.js";
import { resolveTrainConfig, type TrainConfigInput } from "./config.js";
import type { FreshEnvironments } from "./data.js";
import type { MetricsRecord } from "./metrics.js";
import { train } from "./train.js";

// A model small enough that a step takes milliseconds: what is tested is the loop, not learning
// at scale (scripts/experiments/ measures that).
const TINY: TrainConfigInput = {
  envs: SAMPLE_ENVS_PATH,
  batchSize: 4,
  groupSize: 2,
  lr: 3e-3,
  minLr: 3e-4,
  warmupSteps: 1,
  maxNewTokens: 8,
  maxTurns: 2,
  // A plain GPT-2: these tests check the loop's mechanics at a dozen steps, calibrated on it (the
  // copy head, the recipe's default, is checked against PyTorch in src/model and runs end to end
  // in the demo's test).
  model: { ctx: 512, dModel: 32, nLayer: 1, nHead: 2, copyHead: false },
  tokenizer: { vocabSize: 300 },
};

const config = (values: TrainConfigInput) =>
  resolveTrainConfig([{ source: "test", values: { ...TINY, ...values } }]);
const tmp = () => mkdtempSync(join(tmpdir(), "tg-train-"));
const bytes = (dir: string, step: number, file = "model.safetensors") =>
  readFileSync(join(dir, "checkpoints", `step-${step}`, file));

describe("train", () => {
  it("sft from scratch on gold plans lowers the loss and writes the run's files", async () => {
    const out = tmp();
    const records: MetricsRecord[] = [];
    const result = await train({
      config: config({ algo: "sft", steps: 12, checkpointInterval: 6 }),
      out,
      onLog: (r) => records.push(r),
    });
    expect(result.step).toBe(12);
    const trained = records.filter((r) => r.kind === "train");
    expect(trained).toHaveLength(12);
    // The recipe's copy warm-up (10% of the steps: 1) echoes text, an easier loss: compare the
    // behaviour-cloning steps after it with each other.
    const losses = trained.filter((r) => r.copy_warmup === undefined).map((r) => r.loss as number);
    expect(losses).toHaveLength(11);
    expect(losses.slice(-3).reduce((a, b) => a + b) / 3).toBeLessThan(losses[0] - 0.5);
    const logged = readFileSync(join(out, "metrics.jsonl"), "utf8").trim().split("\n");
    expect(logged.map((line) => JSON.parse(line).step)).toEqual(records.map((r) => r.step));
    expect(JSON.parse(readFileSync(join(out, "config.json"), "utf8")).steps).toBe(12);
    expect(bytes(out, 6).length).toBeGreaterThan(0);
    expect(bytes(out, 12, "trainer-state.json").toString()).toMatch(/"step": 12/);
  });

  it("runs every phase of a grpo step and logs them", async () => {
    const records: MetricsRecord[] = [];
    await train({
      config: config({ algo: "grpo", steps: 1, evalEnvs: SAMPLE_ENVS_PATH, evalLimit: 2 }),
      out: tmp(),
      onLog: (r) => records.push(r),
    });
    const [before, step, after] = records;
    expect(before).toMatchObject({ step: 0, kind: "eval", eval_episodes: 2 });
    expect(after).toMatchObject({ step: 1, kind: "eval" });
    expect(step).toMatchObject({ step: 1, kind: "train", sequences: 8, rollout_episodes: 8 });
    for (const phase of ["rollout", "reward", "reference", "advantage", "loss", "step"]) {
      expect(step[`time_${phase}_s`], phase).toBeGreaterThanOrEqual(0);
    }
    for (const key of ["kl", "clip_frac", "adv_reward_mean", "rollout_solve_f1", "tok_s_rollout"]) {
      expect(Number.isFinite(step[key]), key).toBe(true);
    }
  });

  // reinforce-pp: from a random init no episode earns a reward, but its KL-penalized returns,
  // whitened over the batch, still give updates that depend on every sampled token.
  for (const algo of ["sft", "reinforce-pp"] as const) {
    it(`resumes ${algo} bit-identically: k steps, stop, resume to N = an uninterrupted N`, async () => {
      const steps = algo === "sft" ? 5 : 3;
      const c = config({ algo, steps, checkpointInterval: 100 });
      const straight = tmp();
      const norms: number[] = [];
      await train({
        config: c,
        out: straight,
        onLog: (r) => norms.push(r.kind === "train" ? (r.grad_norm as number) : 0),
      });
      expect(Math.max(...norms)).toBeGreaterThan(0.1);
      const pieces = tmp();
      await train({ config: c, out: pieces, stopAt: 2 });
      const resumed = await train({ config: c, out: pieces, resume: true });
      expect(resumed.resumedFrom).toBe(2);
      expect(bytes(pieces, steps).equals(bytes(straight, steps))).toBe(true);
      expect(
        bytes(pieces, steps, "optimizer.safetensors").equals(
          bytes(straight, steps, "optimizer.safetensors"),
        ),
      ).toBe(true);
      const lines = (dir: string) =>
        readFileSync(join(dir, "metrics.jsonl"), "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l))
          .map(({ step, loss }) => ({ step, loss }));
      expect(lines(pieces)).toEqual(lines(straight));
    });
  }

  for (const algo of ["sft", "reinforce-pp"] as const) {
    it(`${algo} trains on a stream of fresh environments, chunk by chunk, and resumes it bit-identically`, async () => {
      const all = await readJsonl(SAMPLE_ENVS_PATH, EnvironmentRecordSchema);
      const asked: number[] = [];
      // Chunks of 3 records, renamed per chunk: a stream that never ends and never repeats an id.
      const freshEnvs: FreshEnvironments = {
        description: "test stream",
        async chunk(index) {
          asked.push(index);
          return [0, 1, 2].map((k) => ({
            ...all[(index * 3 + k) % all.length],
            id: `fresh${index}-${k}`,
          }));
        },
      };
      const c = config({
        algo,
        steps: 2,
        copyWarmupSteps: 0,
        batchSize: 2,
        groupSize: 2,
        checkpointInterval: 100,
      });
      const straight = tmp();
      await train({ config: c, out: straight, freshEnvs });
      // 2 steps × 2 environments (sft: more where a conversation does not fit the context):
      // the chunks in order, each built once.
      expect(asked.length).toBeGreaterThanOrEqual(2);
      expect(asked).toEqual(asked.map((_, i) => i));
      const state = JSON.parse(bytes(straight, 2, "trainer-state.json").toString());
      expect(state.dataCursor.epoch).toBe(asked.length - 1);
      const pieces = tmp();
      await train({ config: c, out: pieces, stopAt: 1, freshEnvs });
      await train({ config: c, out: pieces, resume: true, freshEnvs });
      expect(bytes(pieces, 2).equals(bytes(straight, 2))).toBe(true);
    });
  }

  it("cuts a batch too large for one pass into micro-batches with the same gradient", async () => {
    const whole = tmp();
    const cut = tmp();
    await train({ config: config({ algo: "sft", steps: 2 }), out: whole });
    await train({ config: config({ algo: "sft", steps: 2, microBatchPositions: 64 }), out: cut });
    const floats = (dir: string) => {
      const b = bytes(dir, 2);
      return new Float32Array(b.buffer, b.byteOffset + b.length - 4096, 1024);
    };
    const [a, b] = [floats(whole), floats(cut)];
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 5);
  });

  it("the same seed gives the same run; another seed another", async () => {
    const a = tmp();
    const b = tmp();
    const c = tmp();
    await train({ config: config({ algo: "sft", steps: 2 }), out: a });
    await train({ config: config({ algo: "sft", steps: 2 }), out: b });
    await train({ config: config({ algo: "sft", steps: 2, seed: 1 }), out: c });
    expect(bytes(a, 2).equals(bytes(b, 2))).toBe(true);
    expect(bytes(a, 2).equals(bytes(c, 2))).toBe(false);
  });

  it("refuses to overwrite a run unless resuming", async () => {
    const out = tmp();
    await train({ config: config({ algo: "sft", steps: 1 }), out });
    await expect(train({ config: config({ algo: "sft", steps: 1 }), out })).rejects.toThrow(
      /already holds a run .*--resume/,
    );
  });
});

describe("train on prepared data", () => {
  const lists = [
    { q: "tom has 3 apples and buys 4 more. how many apples?", a: 7, good: "calculator(3 + 4)" },
    { q: "a box holds 6 eggs. how many eggs in 5 boxes?", a: 30, good: "calculator(6 * 5)" },
  ].map(({ q, a, good }, i) => ({
    id: `m${i}`,
    question: q,
    answer: a,
    gold_used_tool: true,
    candidates: [
      { response: good, source: "gold", prediction: a, used_tool: true, score: 3 },
      { response: `The answer is ${a}.`, source: "s", prediction: a, used_tool: false, score: 1 },
      { response: "The answer is 1.", source: "s", prediction: 1, used_tool: false, score: 0.2 },
    ],
  }));
  const pair = (id: string, chosen: string, rejected: string) => ({
    id,
    env_id: id,
    tools: [],
    prompt: [{ role: "user", content: "What is 2 + 2?" }],
    chosen: [{ role: "assistant", content: chosen }],
    rejected: [{ role: "assistant", content: rejected }],
    chosen_reward: 1,
    rejected_reward: 0,
  });

  it("rrhf ranks candidate lists and dpo prefers the chosen side, with held-out accuracy", async () => {
    const dir = tmp();
    const write = (name: string, records: unknown[]) => {
      const file = join(dir, name);
      writeFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
      return file;
    };
    const listsFile = write("lists.jsonl", lists);
    const rrhf: MetricsRecord[] = [];
    await train({
      config: config({
        algo: "rrhf",
        envs: undefined,
        data: listsFile,
        evalData: listsFile,
        steps: 6,
        batchSize: 2,
      }),
      out: join(dir, "rrhf"),
      onLog: (r) => rrhf.push(r),
    });
    expect(rrhf[0]).toMatchObject({ step: 0, kind: "eval", eval_rank_pairs: 6 });
    expect(rrhf.at(-1)!.eval_rank_accuracy).toBeGreaterThanOrEqual(
      rrhf[0].eval_rank_accuracy as number,
    );
    expect(rrhf.at(-1)!.eval_rank_accuracy).toBe(1);

    const pairsFile = write("pairs.jsonl", [
      pair("p0", "4", "5"),
      pair("p1", "The answer is 4.", "7"),
    ]);
    const dpo: MetricsRecord[] = [];
    await train({
      config: config({
        algo: "dpo",
        envs: undefined,
        data: pairsFile,
        evalData: pairsFile,
        steps: 6,
        batchSize: 2,
      }),
      out: join(dir, "dpo"),
      onLog: (r) => dpo.push(r),
    });
    expect(dpo.at(-1)).toMatchObject({ kind: "eval", eval_reward_accuracy: 1 });
    expect(dpo.find((r) => r.kind === "train")).toHaveProperty("time_reference_s");
  });
});
