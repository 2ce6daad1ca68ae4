import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckpointFormatError } from "./checkpoint-format-error.js";
import { readSafetensors } from "./read-safetensors.js";
import { useTempDir } from "./test-helpers/temp-dir.js";
import { writeSafetensors } from "./write-safetensors.js";

describe("writeSafetensors / readSafetensors", () => {
  const temp = useTempDir();
  const tensors = {
    "wpe.weight": {
      dtype: "F32",
      shape: [4, 2],
      data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
    },
    "ln_f.bias": { dtype: "F32", shape: [2], data: Float32Array.from([-0.5, 0.25]) },
  } as const;

  it("round-trips tensors and metadata through a file", async () => {
    const path = join(temp.path, "model.safetensors");
    await writeSafetensors(path, tensors, { format: "pt" });
    const { tensors: read, metadata } = await readSafetensors(path);
    expect(metadata).toEqual({ format: "pt" });
    expect(read["wpe.weight"].shape).toEqual([4, 2]);
    expect(read["wpe.weight"].data).toEqual(tensors["wpe.weight"].data);
    expect(read["ln_f.bias"].data).toEqual(tensors["ln_f.bias"].data);
    expect(await readdir(temp.path)).toEqual(["model.safetensors"]);
  });

  it("names the file in errors about its content", async () => {
    const path = join(temp.path, "model.safetensors");
    await writeSafetensors(path, tensors);
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 4));
    const error = await readSafetensors(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointFormatError);
    expect((error as CheckpointFormatError).message).toMatch(
      new RegExp(
        `^${path}: tensor "wpe.weight": data_offsets \\[8, 40\\] run past the 36 data bytes`,
      ),
    );
  });
});
