import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkTensorShapes, readCheckpointDir, writeCheckpointDir } from "./checkpoint-dir.js";
import { CheckpointFormatError } from "./checkpoint-format-error.js";
import { CheckpointMismatchError } from "./checkpoint-mismatch-error.js";
import { NotACheckpointDirError } from "./not-a-checkpoint-dir-error.js";
import { useTempDir } from "./test-helpers/temp-dir.js";

const t = (shape: number[], fill = 1) => ({
  dtype: "F32" as const,
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill),
});

describe("readCheckpointDir errors", () => {
  const temp = useTempDir();
  const write = async (): Promise<string> => {
    const dir = join(temp.path, "ckpt");
    const tensors = {
      "wte.weight": { dtype: "F32" as const, shape: [3, 2], data: new Float32Array(6) },
    };
    await writeCheckpointDir(dir, { config: { n_embd: 2 }, tensors });
    return dir;
  };

  it("lists all tensor mismatches against the expected shapes", async () => {
    const dir = await write();
    const error = await readCheckpointDir(dir, {
      expected: { "wte.weight": [4, 2], "wpe.weight": [8, 2] },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointMismatchError);
    expect((error as Error).message).toBe(
      `${join(dir, "model.safetensors")}: 2 tensor mismatches with the model:\n` +
        "  missing: wpe.weight\n" +
        "  wrong shape: wte.weight is [3, 2], expected [4, 2]",
    );
  });

  it.each([
    [
      "model.safetensors",
      /model.safetensors: missing \(a checkpoint directory holds model.safetensors and config.json\)/,
    ],
    ["config.json", /config.json: missing/],
  ])("says which file is missing (%s)", async (file, message) => {
    const dir = await write();
    await rm(join(dir, file));
    await expect(readCheckpointDir(dir)).rejects.toThrow(message);
    await expect(readCheckpointDir(dir)).rejects.toBeInstanceOf(CheckpointFormatError);
  });

  it.each([
    ["config.json", "{oops", /config.json: not valid JSON/],
    ["config.json", "[1, 2]", /config.json: config.json must hold a JSON object/],
    ["tokenizer.json", "{", /tokenizer.json: not valid JSON/],
    ["model.safetensors", "garbage", /model.safetensors: 7 bytes is too short/],
  ])("names the broken file (%s: %s)", async (file, content, message) => {
    const dir = await write();
    await writeFile(join(dir, file), content);
    await expect(readCheckpointDir(dir)).rejects.toThrow(message);
  });
});

describe("checkTensorShapes", () => {
  it("passes when names and shapes match exactly", () => {
    expect(() =>
      checkTensorShapes({ a: t([2, 3]), b: t([]) }, { a: [2, 3], b: [] }, "ckpt"),
    ).not.toThrow();
  });

  it("reports every missing, unexpected and mis-shaped tensor in one error", () => {
    const tensors = {
      "wte.weight": t([10, 4]),
      "h.0.ln_1.weight": t([4]),
      "h.0.attn.bias": t([1, 1]),
      extra: t([1]),
    };
    const expected = {
      "wte.weight": [12, 4],
      "h.0.ln_1.weight": [4],
      "h.0.attn.bias": [1],
      "wpe.weight": [8, 4],
      "ln_f.weight": [4],
      constructor: [1],
    };
    let error: unknown;
    try {
      checkTensorShapes(tensors, expected, "/ckpt/model.safetensors");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CheckpointMismatchError);
    const mismatch = error as CheckpointMismatchError;
    expect(mismatch.missing).toEqual(["constructor", "ln_f.weight", "wpe.weight"]);
    expect(mismatch.unexpected).toEqual(["extra"]);
    expect(mismatch.wrongShape).toEqual([
      { name: "h.0.attn.bias", expected: [1], actual: [1, 1] },
      { name: "wte.weight", expected: [12, 4], actual: [10, 4] },
    ]);
    expect(mismatch.message).toBe(
      [
        "/ckpt/model.safetensors: 6 tensor mismatches with the model:",
        "  missing: constructor",
        "  missing: ln_f.weight",
        "  missing: wpe.weight",
        "  unexpected: extra",
        "  wrong shape: h.0.attn.bias is [1, 1], expected [1]",
        "  wrong shape: wte.weight is [10, 4], expected [12, 4]",
      ].join("\n"),
    );
  });
});

describe("writeCheckpointDir / readCheckpointDir", () => {
  const temp = useTempDir();
  const config = { vocab_size: 10, n_embd: 4, n_layer: 1 };
  const tensors = { "wte.weight": t([10, 4]), "ln_f.bias": t([4], 0.5) };

  it("round-trips config, tensors, metadata and tokenizer.json", async () => {
    const dir = join(temp.path, "run", "step-100");
    const tokenizerJson = { version: "1.0", model: { type: "BPE" } };
    await writeCheckpointDir(dir, { config, tensors, tokenizerJson, metadata: { step: "100" } });
    expect((await readdir(dir)).sort()).toEqual([
      "config.json",
      "model.safetensors",
      "tokenizer.json",
    ]);
    const read = await readCheckpointDir(dir, {
      expected: { "wte.weight": [10, 4], "ln_f.bias": [4] },
    });
    expect(read.config).toEqual(config);
    expect(read.metadata).toEqual({ format: "pt", step: "100" });
    expect(read.tensors["ln_f.bias"].data).toEqual(tensors["ln_f.bias"].data);
    expect(read.tokenizerJson).toEqual(tokenizerJson);
    expect(await readdir(join(temp.path, "run"))).toEqual(["step-100"]);
  });

  it("writes tokenizer.json text as given, and leaves it out when absent", async () => {
    const dir = join(temp.path, "ckpt");
    await writeCheckpointDir(dir, { config, tensors, tokenizerJson: '{"version": "1.0"}\n' });
    expect(await readFile(join(dir, "tokenizer.json"), "utf8")).toBe('{"version": "1.0"}\n');
    await writeCheckpointDir(dir, { config, tensors });
    expect((await readdir(dir)).sort()).toEqual(["config.json", "model.safetensors"]);
    expect((await readCheckpointDir(dir)).tokenizerJson).toBeUndefined();
  });

  it("replaces an existing checkpoint whole, leaving nothing beside it", async () => {
    const dir = join(temp.path, "ckpt");
    await writeCheckpointDir(dir, { config, tensors });
    await writeCheckpointDir(dir, {
      config: { ...config, n_layer: 2 },
      tensors: { "wte.weight": t([10, 4], 7) },
    });
    const read = await readCheckpointDir(dir);
    expect(read.config.n_layer).toBe(2);
    expect(Object.keys(read.tensors)).toEqual(["wte.weight"]);
    expect(read.tensors["wte.weight"].data[0]).toBe(7);
    expect(await readdir(temp.path)).toEqual(["ckpt"]);
  });

  it("refuses to replace a directory holding other files, or a file", async () => {
    const dir = join(temp.path, "notes");
    await mkdir(dir);
    await writeFile(join(dir, "thesis.tex"), "precious");
    const error = await writeCheckpointDir(dir, { config, tensors }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotACheckpointDirError);
    expect((error as NotACheckpointDirError).foreignEntries).toEqual(["thesis.tex"]);
    expect(await readFile(join(dir, "thesis.tex"), "utf8")).toBe("precious");
    const file = join(temp.path, "file");
    await writeFile(file, "x");
    await expect(writeCheckpointDir(file, { config, tensors })).rejects.toThrow(
      /is not a directory/,
    );
    expect((await readdir(temp.path)).sort()).toEqual(["file", "notes"]);
  });

  it("writes nothing when a tensor is malformed", async () => {
    const dir = join(temp.path, "ckpt");
    const bad = { w: { dtype: "F32" as const, shape: [3], data: new Float32Array(2) } };
    await expect(writeCheckpointDir(dir, { config, tensors: bad })).rejects.toThrow(
      /holds 3 values/,
    );
    expect(await readdir(temp.path)).toEqual([]);
  });
});
