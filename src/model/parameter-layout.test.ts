import { describe, expect, it } from "vitest";
import { Gpt } from "./gpt.js";
import { namedParameters } from "./parameter-layout.js";
import { naiveGemm } from "./test-helpers/naive-gemm.js";

describe("namedParameters", () => {
  it("names every parameter as Hugging Face GPT-2 does, with views of the weights", () => {
    const config = { vocabSize: 10, ctx: 6, dModel: 8, nLayer: 2, nHead: 2 };
    const model = new Gpt({ config, kernel: naiveGemm });
    const named = namedParameters(model);
    expect(Object.keys(named)).toHaveLength(2 + 12 * 2 + 2);
    expect(named["wte.weight"].shape).toEqual([10, 8]);
    expect(named["wpe.weight"].shape).toEqual([6, 8]);
    expect(named["h.1.attn.c_attn.weight"].shape).toEqual([8, 24]);
    expect(named["h.1.mlp.c_proj.weight"].shape).toEqual([32, 8]);
    expect(named["ln_f.bias"].shape).toEqual([8]);
    const total = Object.values(named).reduce((s, t) => s + t.data.length, 0);
    expect(total).toBe(model.parameterCount);
    named["h.0.ln_1.bias"].data[3] = 42;
    expect(model.tensors.blocks[0].ln1b[3]).toBe(42);
  });
});
