import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../model/index.js";
import { SAMPLE_ENVS_PATH } from "../../testing/sample-envs.js";
import { resolveTrainConfig, runFiles, train } from "../../train/index.js";
import { untrainedModel } from "./untrained-model.js";

describe("untrainedModel", () => {
  it("is the model a run from scratch started from: its saved reference policy", async () => {
    // grpo with a KL term saves the policy before its first update as reference/: the very
    // weights and tokenizer the untrained model must reproduce from a later checkpoint.
    const out = mkdtempSync(join(tmpdir(), "toolgym-untrained-"));
    const config = resolveTrainConfig([
      {
        source: "test",
        values: {
          algo: "grpo",
          steps: 1,
          batchSize: 1,
          groupSize: 2,
          maxNewTokens: 4,
          maxTurns: 1,
          envs: SAMPLE_ENVS_PATH,
          model: { ctx: 512, dModel: 32, nLayer: 1, nHead: 2, initSeed: 3 },
          tokenizer: { vocabSize: 300 },
        },
      },
    ]);
    const { checkpoint } = await train({ config, out });
    const reference = await loadModel(runFiles(out).reference);

    const untrained = await untrainedModel({ checkpoint: checkpoint!, initSeed: 3 });
    expect(untrained.model.config).toEqual(reference.model.config);
    expect(untrained.model.params).toEqual(reference.model.params);
    expect(untrained.tokenizer.vocabSize).toBe(reference.tokenizer!.vocabSize);
    const text = "get_weather(city='Paris') → 21";
    expect(untrained.tokenizer.encode(text)).toEqual(reference.tokenizer!.encode(text));

    const otherSeed = await untrainedModel({ checkpoint: checkpoint!, initSeed: 4 });
    expect(otherSeed.model.params).not.toEqual(reference.model.params);
  });
});
