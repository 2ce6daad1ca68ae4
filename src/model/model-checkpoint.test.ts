import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeCheckpointDir } from "./checkpoint/checkpoint-dir.js";
import { CheckpointFormatError } from "./checkpoint/checkpoint-format-error.js";
import { CheckpointMismatchError } from "./checkpoint/checkpoint-mismatch-error.js";
import { Gpt } from "./gpt.js";
import { loadModel, modelDir, saveModel } from "./model-checkpoint.js";
import { toHfGpt2Config } from "./model-config.js";
import { namedParameters } from "./parameter-layout.js";
import { bytesOf } from "./test-helpers/in-arena.js";
import { naiveGemm } from "./test-helpers/naive-gemm.js";
import { trainBpe } from "./tokenizer/train-bpe.js";

const config = { vocabSize: 300, ctx: 8, dModel: 8, nLayer: 2, nHead: 2 };
const root = await mkdtemp(join(tmpdir(), "toolgym-save-model-"));
afterAll(() => rm(root, { recursive: true, force: true }));

describe("saveModel / loadModel", () => {
  it("round-trips weights, config and tokenizer through a Hugging Face GPT-2 directory", async () => {
    const model = new Gpt({ config, kernel: naiveGemm, seed: 4 });
    const tokenizer = trainBpe({ corpus: ["hello world, hello tools"], vocabSize: 270 });
    const dir = join(root, "ckpt");
    await saveModel(dir, model, { tokenizer });
    const hf = JSON.parse(await readFile(join(dir, "config.json"), "utf8"));
    expect(hf).toMatchObject({
      model_type: "gpt2",
      n_embd: 8,
      n_positions: 8,
      activation_function: "gelu_new",
    });
    const loaded = await loadModel(dir, { kernel: naiveGemm });
    expect(loaded.model.config).toEqual(config);
    expect(bytesOf(loaded.model.params).equals(bytesOf(model.params))).toBe(true);
    expect(loaded.tokenizer?.decode(loaded.tokenizer.encode("hello tools"))).toBe("hello tools");
    await saveModel(dir, loaded.model); // replacing a checkpoint in place works
    expect((await loadModel(dir, { kernel: naiveGemm })).tokenizer).toBeUndefined();
  });

  it("round-trips a model with smeared keys and a copy head, marking its config as not GPT-2's", async () => {
    const smeared = {
      ...config,
      ...{
        smearKeys: true,
        copyHead: true,
        copyKeyNext: true,
        copyMatch: 2,
        copyGatePointed: true,
      },
    };
    const model = new Gpt({ config: smeared, kernel: naiveGemm, seed: 4 });
    model.tensors.blocks[1].smear.set([0.25, -2]);
    model.tensors.copyMatch.set([0.5, -1]);
    const dir = join(root, "smeared");
    await saveModel(dir, model);
    const hf = JSON.parse(await readFile(join(dir, "config.json"), "utf8"));
    expect(hf.toolgym_smear_keys).toBe(true);
    expect(hf.toolgym_copy_head).toBe(true);
    expect(hf.toolgym_copy_key_next).toBe(true);
    expect(hf.toolgym_copy_match).toBe(2);
    expect(hf.toolgym_copy_gate_pointed).toBe(true);
    const loaded = await loadModel(dir, { kernel: naiveGemm });
    expect(loaded.model.config).toEqual(smeared);
    expect([...loaded.model.tensors.blocks[1].smear]).toEqual([0.25, -2]);
    expect(bytesOf(loaded.model.params).equals(bytesOf(model.params))).toBe(true);
  });

  it("reads a training run's directory as its newest checkpoint", async () => {
    const run = join(root, "run");
    const older = new Gpt({ config, kernel: naiveGemm, seed: 1 });
    const newer = new Gpt({ config, kernel: naiveGemm, seed: 2 });
    await saveModel(join(run, "checkpoints", "step-9"), older);
    await saveModel(join(run, "checkpoints", "step-10"), newer);
    // A run directory holds its train config as config.json too.
    await writeFile(join(run, "config.json"), JSON.stringify({ algo: "sft" }));
    expect(modelDir(run)).toBe(join(run, "checkpoints", "step-10"));
    const loaded = await loadModel(run, { kernel: naiveGemm });
    expect(bytesOf(loaded.model.params).equals(bytesOf(newer.params))).toBe(true);
    // Neither a model nor a run: the error names the file it looked for.
    await expect(loadModel(join(root, "nothing"))).rejects.toThrow(/config\.json/);
  });

  it("skips HF's causal-mask buffers and names every mismatched tensor", async () => {
    const model = new Gpt({ config, kernel: naiveGemm });
    const tensors = { ...namedParameters(model) };
    const mask = { dtype: "F32" as const, shape: [1, 1, 8, 8], data: new Float32Array(64) };
    const withMask = join(root, "hf");
    await writeCheckpointDir(withMask, {
      config: toHfGpt2Config(config),
      tensors: { ...tensors, "h.0.attn.bias": mask },
    });
    expect((await loadModel(withMask, { kernel: naiveGemm })).model.params).toEqual(model.params);

    const { "ln_f.bias": _dropped, ...missing } = tensors;
    const broken = join(root, "broken");
    await writeCheckpointDir(broken, { config: toHfGpt2Config(config), tensors: missing });
    await expect(loadModel(broken, { kernel: naiveGemm })).rejects.toThrow(CheckpointMismatchError);
    await expect(loadModel(broken, { kernel: naiveGemm })).rejects.toThrow(/ln_f\.bias/);
  });

  it("refuses a config the model cannot run", async () => {
    const model = new Gpt({ config, kernel: naiveGemm });
    const dir = join(root, "relu");
    const hf = { ...toHfGpt2Config(config), activation_function: "relu" };
    await writeCheckpointDir(dir, { config: hf, tensors: namedParameters(model) });
    await expect(loadModel(dir, { kernel: naiveGemm })).rejects.toThrow(CheckpointFormatError);
    const odd = join(root, "odd-heads");
    await writeCheckpointDir(odd, {
      config: { ...toHfGpt2Config(config), n_head: 3 },
      tensors: namedParameters(model),
    });
    await expect(loadModel(odd, { kernel: naiveGemm })).rejects.toThrow(/multiple of nHead/);
  });
});
