import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckpointFormatError } from "./checkpoint-format-error.js";
import { CheckpointMismatchError } from "./checkpoint-mismatch-error.js";
import { readCheckpointDir } from "./read-checkpoint-dir.js";
import { useTempDir } from "./test-helpers/temp-dir.js";
import { writeCheckpointDir } from "./write-checkpoint-dir.js";

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
