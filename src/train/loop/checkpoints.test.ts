import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AdamW, Gpt, trainBpe } from "../../model/index.js";
import {
  initialTrainState,
  listCheckpoints,
  loadTrainCheckpoint,
  saveTrainCheckpoint,
} from "./checkpoints.js";

function setup() {
  const tokenizer = trainBpe({ corpus: ["call the tool", "the answer is 42"], vocabSize: 270 });
  const model = new Gpt({
    config: { vocabSize: tokenizer.vocabSize, ctx: 16, dModel: 16, nLayer: 1, nHead: 2 },
    seed: 3,
  });
  const optimizer = new AdamW({ model });
  model.grads.fill(0.5);
  optimizer.step({ lr: 1e-2 });
  const checkpointsDir = join(mkdtempSync(join(tmpdir(), "tg-ckpt-")), "checkpoints");
  return { tokenizer, model, optimizer, checkpointsDir };
}

const stateAt = (step: number) => ({
  ...initialTrainState("sft", 7),
  step,
  optimizerSteps: step,
  dataCursor: { epoch: 1, index: step },
});

describe("saveTrainCheckpoint", () => {
  it("round-trips weights, moments and state exactly", async () => {
    const { tokenizer, model, optimizer, checkpointsDir } = setup();
    const dir = await saveTrainCheckpoint({
      checkpointsDir,
      model,
      tokenizer,
      optimizer,
      state: stateAt(1),
    });
    expect(dir).toBe(join(checkpointsDir, "step-1"));
    const loaded = await loadTrainCheckpoint(dir);
    expect(
      Buffer.from(
        loaded.model.params.buffer,
        loaded.model.params.byteOffset,
        loaded.model.params.byteLength,
      ),
    ).toEqual(Buffer.from(model.params.buffer, model.params.byteOffset, model.params.byteLength));
    expect(loaded.moments.m).toEqual(optimizer.m);
    expect(loaded.moments.v).toEqual(optimizer.v);
    expect(loaded.state).toEqual(stateAt(1));
    expect(loaded.tokenizer.encode("the answer")).toEqual(tokenizer.encode("the answer"));
  });

  it("leaves the previous checkpoint usable when a save dies midway", async () => {
    const { tokenizer, model, optimizer, checkpointsDir } = setup();
    await saveTrainCheckpoint({ checkpointsDir, model, tokenizer, optimizer, state: stateAt(1) });
    model.params.fill(9);
    const crash = saveTrainCheckpoint({
      checkpointsDir,
      model,
      tokenizer,
      optimizer,
      state: stateAt(2),
      _internal: {
        beforeCommit: () => {
          throw new Error("killed");
        },
      },
    });
    await expect(crash).rejects.toThrow("killed");
    // A kill -9 leaves its hidden directory behind, with whatever it had written.
    const torn = join(checkpointsDir, ".step-3.tmp-abcdef");
    mkdirSync(torn);
    writeFileSync(join(torn, "model.safetensors"), "torn");

    expect(listCheckpoints(checkpointsDir).map((c) => c.step)).toEqual([1]);
    const loaded = await loadTrainCheckpoint(listCheckpoints(checkpointsDir)[0].dir);
    expect(loaded.state.step).toBe(1);
    expect(loaded.model.params[0]).not.toBe(9);

    await saveTrainCheckpoint({ checkpointsDir, model, tokenizer, optimizer, state: stateAt(4) });
    expect(existsSync(torn)).toBe(false);
    expect(readdirSync(checkpointsDir).sort()).toEqual(["latest", "step-1", "step-4"]);
  });

  it("keeps only the newest `keep` checkpoints and ignores directories without a state", async () => {
    const { tokenizer, model, optimizer, checkpointsDir } = setup();
    for (const step of [1, 2, 3]) {
      await saveTrainCheckpoint({
        checkpointsDir,
        model,
        tokenizer,
        optimizer,
        state: stateAt(step),
        keep: 2,
      });
    }
    mkdirSync(join(checkpointsDir, "step-9"));
    expect(listCheckpoints(checkpointsDir).map((c) => c.step)).toEqual([2, 3]);
  });
});
