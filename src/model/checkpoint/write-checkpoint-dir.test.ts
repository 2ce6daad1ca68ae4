import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NotACheckpointDirError } from "./not-a-checkpoint-dir-error.js";
import { readCheckpointDir } from "./read-checkpoint-dir.js";
import { useTempDir } from "./test-helpers/temp-dir.js";
import { writeCheckpointDir } from "./write-checkpoint-dir.js";

const t = (shape: number[], fill = 1) => ({
  dtype: "F32" as const,
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill),
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
