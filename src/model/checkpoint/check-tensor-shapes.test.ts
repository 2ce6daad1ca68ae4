import { describe, expect, it } from "vitest";
import { checkTensorShapes } from "./check-tensor-shapes.js";
import { CheckpointMismatchError } from "./checkpoint-mismatch-error.js";

const t = (shape: number[]) => ({
  dtype: "F32" as const,
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
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
