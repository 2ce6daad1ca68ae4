import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../core/index.js";
import { readConfigFile, resolveTrainConfig } from "./config.js";
import { resolveRunConfig, trainFlagSpecs, trainFlagsLayer } from "./flags.js";

const flagOf = (path: readonly string[]) =>
  `--${path[path.length - 1].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function configFile(values: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "tg-config-")), "train.json");
  writeFileSync(file, JSON.stringify(values));
  return file;
}

describe("resolveTrainConfig", () => {
  it("fills every default, the loss's own included", () => {
    const config = resolveTrainConfig([{ source: "flags", values: { algo: "grpo" } }]);
    expect(config).toMatchObject({
      algo: "grpo",
      steps: 200,
      lr: 3e-4,
      model: {
        ctx: 384,
        dModel: 128,
        nLayer: 4,
        nHead: 4,
        copyHead: true,
        copyKeyNext: true,
        copyMatch: 6,
        copyGatePointed: true,
        smearKeys: false,
      },
      tokenizer: { vocabSize: 1024 },
      loss: { klCoef: 0.04, clipLow: 0.2, clipHigh: 0.2, aggregation: "token-mean" },
    });
  });

  it("carries the recipe: sft from scratch with a copy warm-up, RL from a checkpoint in groups of 8", () => {
    const resolve = (values: Record<string, unknown>) =>
      resolveTrainConfig([{ source: "flags", values }]);
    expect(resolve({ algo: "sft" })).toMatchObject({
      steps: 1250,
      copyWarmupSteps: 125,
      lr: 1e-3,
      minLr: 1e-4,
      maxNewTokens: 96,
      maxTurns: 3,
    });
    // Only the steps given: the warm-up keeps its share; anything given wins.
    expect(resolve({ algo: "sft", steps: 300 }).copyWarmupSteps).toBe(30);
    expect(resolve({ algo: "sft", steps: 300, copyWarmupSteps: 0, lr: 5e-4 })).toMatchObject({
      copyWarmupSteps: 0,
      lr: 5e-4,
    });
    // Prepared data (e.g. TRICE's math examples) and fine-tuning keep the generic defaults.
    expect(resolve({ algo: "sft", data: "sft.jsonl" })).toMatchObject({
      copyWarmupSteps: 0,
      steps: 200,
    });
    // Fine-tuning a checkpoint with sft has no warm-up and the generic learning rate.
    expect(resolve({ algo: "sft", init: "ckpt" })).toMatchObject({ copyWarmupSteps: 0, lr: 3e-4 });
    expect(resolve({ algo: "grpo", init: "ckpt" })).toMatchObject({
      steps: 100,
      batchSize: 8,
      groupSize: 8,
      lr: 2e-5,
      temperature: 0.5,
    });
  });

  it("lets flags override the file, field by field, nested sections merged", () => {
    const file = configFile({ steps: 10, lr: 0.01, model: { dModel: 64, nHead: 2 } });
    const config = resolveTrainConfig([
      readConfigFile(file),
      { source: "flags", values: { steps: 20, lr: undefined, model: { nLayer: 2 } } },
    ]);
    expect(config.steps).toBe(20);
    expect(config.lr).toBe(0.01);
    expect(config.model).toMatchObject({ dModel: 64, nHead: 2, nLayer: 2, ctx: 384 });
  });

  it("names the file and the field of a bad value", () => {
    const file = configFile({ batchSize: 0 });
    expect(() => resolveTrainConfig([readConfigFile(file)])).toThrow(
      new RegExp(`${file}: field "batchSize"`),
    );
  });

  it("names the flag when a flag set the bad value", () => {
    const file = configFile({ steps: 5 });
    const run = () =>
      resolveTrainConfig([
        readConfigFile(file),
        { source: "flags", values: { steps: -1 }, nameOf: flagOf },
      ]);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/^flags: --steps: /);
  });

  it("rejects unknown fields (a typo is not silently a default)", () => {
    const file = configFile({ learningRate: 1e-3 });
    expect(() => resolveTrainConfig([readConfigFile(file)])).toThrow(
      new RegExp(`${file}: field "learningRate"`),
    );
  });

  it("checks a nested refinement and the loss section against the loss's schema", () => {
    const file = configFile({ model: { dModel: 100, nHead: 3 } });
    expect(() => resolveTrainConfig([readConfigFile(file)])).toThrow(
      /field "model.nHead": dModel must be a multiple of nHead/,
    );
    const dpo = configFile({ algo: "dpo", loss: { beta: -1 } });
    expect(() => resolveTrainConfig([readConfigFile(dpo)])).toThrow(
      new RegExp(`${dpo}: field "loss.beta"`),
    );
    const mixed = configFile({ algo: "sft", loss: { klCoef: 0.1 } });
    expect(() => resolveTrainConfig([readConfigFile(mixed)])).toThrow(/field "loss.klCoef"/);
  });

  it("checks the advantage section against the estimator's schema", () => {
    const ok = resolveTrainConfig([
      { source: "flags", values: { algo: "reinforce-pp", advantage: { klCoef: 0 } } },
    ]);
    expect(ok.advantage).toEqual({ klCoef: 0, baseline: "none" });
    const file = configFile({ algo: "sft", advantage: { scaleByStd: false } });
    expect(() => resolveTrainConfig([readConfigFile(file)])).toThrow(
      /field "advantage.scaleByStd"/,
    );
  });

  it("says which file is missing or not JSON", () => {
    expect(() => readConfigFile("/nonexistent/train.json")).toThrow(
      /--config: \/nonexistent\/train.json: no such file/,
    );
    const file = configFile({});
    writeFileSync(file, "{ steps: 1 ");
    expect(() => readConfigFile(file)).toThrow(/not valid JSON/);
  });
});

describe("the train flags", () => {
  it("are typed, bounded and defaulted by the config schema, declared once", () => {
    const specs = new Map(trainFlagSpecs().map((spec) => [spec.flag, spec]));
    expect(specs.get("--steps")).toMatchObject({
      kind: "number",
      help: "optimizer steps (integer, ≥ 1, default 200, sft from scratch 1250, grpo/reinforce-pp with --init 100)",
    });
    expect(specs.get("--lr")?.help).toBe(
      "peak learning rate (> 0, default 0.0003, sft from scratch 0.001, grpo/reinforce-pp with --init 0.00002)",
    );
    expect(specs.get("--adam-beta1")).toBeUndefined();
    expect(specs.get("--vocab-size")?.help).toMatch(/\(integer, ≥ 265, default 1024\)$/);
    expect(specs.get("--algo")).toMatchObject({
      kind: "string",
      choices: ["sft", "rrhf", "dpo", "grpo", "reinforce-pp"],
    });
    expect(specs.get("--envs")).toMatchObject({
      kind: "string",
      help: expect.not.stringContaining("default"),
    });
    expect(specs.get("--kl-beta")).toMatchObject({ kind: "number" });
  });

  it("land on their config fields; a value out of bounds names the flag", () => {
    const config = resolveRunConfig({
      out: mkdtempSync(join(tmpdir(), "tg-flags-")),
      flags: { algo: "grpo", concurrency: 3, ctx: 64, vocabSize: 300, klBeta: 0.2, clipEps: 0.1 },
    });
    expect(config).toMatchObject({
      algo: "grpo",
      rolloutConcurrency: 3,
      model: { ctx: 64 },
      tokenizer: { vocabSize: 300 },
      loss: { klCoef: 0.2, clipLow: 0.1, clipHigh: 0.1 },
    });
    expect(() => resolveTrainConfig([trainFlagsLayer({ steps: 0 }, "sft")])).toThrow(
      /^flags: --steps: .*>=1/,
    );
    expect(() => resolveTrainConfig([trainFlagsLayer({ nHead: 1.5 }, "sft")])).toThrow(
      /^flags: --n-head: /,
    );
    expect(() => trainFlagsLayer({ rrhfAlpha: 1 }, "dpo")).toThrow(
      /--rrhf-alpha: applies to rrhf, not dpo/,
    );
  });
});
