import { describe, expect, it } from "vitest";
import { Gpt } from "../gpt.js";
import { expectClose } from "../test-helpers/expect-close.js";
import { naiveGemm } from "../test-helpers/naive-gemm.js";
import { Sampler } from "./sampler.js";

const config = { vocabSize: 24, ctx: 16, dModel: 16, nLayer: 2, nHead: 2 };
const model = new Gpt({ config, kernel: naiveGemm, seed: 5 });
// Larger weights than the init, so distributions are peaked and the checks below mean something.
for (let i = 0; i < model.params.length; i++) model.params[i] *= 8;
const prompts = [[1, 2, 3], [4], [5, 6, 7, 8, 9, 10]];

/** Log-probs of `output` after `prompt`, scored by the full forward pass (no cache). */
function rescore(prompt: number[], output: Int32Array): Float32Array {
  const seq = [...prompt, ...output];
  const T = seq.length - 1;
  const lp = model.forward({
    tokens: Int32Array.from(seq.slice(0, T)),
    targets: Int32Array.from(seq.slice(1)),
    B: 1,
    T,
  }).logprobs;
  return lp.subarray(prompt.length - 1);
}

describe("Sampler", () => {
  const sampler = new Sampler(model);

  it("decodes with the KV cache exactly as the full forward pass scores, for ragged prompts", () => {
    for (const temperature of [0, 1]) {
      const gens = sampler.generate({ prompts, maxNewTokens: 7, temperature, seed: 3 });
      gens.forEach((g, s) => {
        expect(g.tokens.length).toBe(7);
        expect(g.finishReason).toBe("length");
        expectClose(g.logprobs, rescore(prompts[s], g.tokens), {
          rtol: 1e-4,
          atol: 1e-5,
          label: `seq ${s}`,
        });
      });
    }
  });

  it("is seeded, and reports sampling log-probs equal to raw ones at temperature 1", () => {
    const a = sampler.generate({ prompts, maxNewTokens: 6, seed: 11 });
    const b = sampler.generate({ prompts, maxNewTokens: 6, seed: 11 });
    const c = sampler.generate({ prompts, maxNewTokens: 6, seed: 12 });
    expect(a).toEqual(b);
    expect(a.map((g) => [...g.tokens])).not.toEqual(c.map((g) => [...g.tokens]));
    for (const g of a)
      expectClose(g.samplingLogprobs, g.logprobs, { rtol: 1e-5, label: "sampling" });
  });

  it("top-k 1 and a tiny top-p are greedy; temperature changes only the sampling log-probs", () => {
    const greedy = sampler.generate({ prompts, maxNewTokens: 5, temperature: 0 });
    const k1 = sampler.generate({ prompts, maxNewTokens: 5, topK: 1, seed: 9 });
    const p0 = sampler.generate({ prompts, maxNewTokens: 5, topP: 1e-6, temperature: 2, seed: 9 });
    expect(k1.map((g) => [...g.tokens])).toEqual(greedy.map((g) => [...g.tokens]));
    expect(p0.map((g) => [...g.tokens])).toEqual(greedy.map((g) => [...g.tokens]));
    for (const g of k1) expect([...g.samplingLogprobs]).toEqual([0, 0, 0, 0, 0]);
    const hot = sampler.generate({ prompts, maxNewTokens: 5, temperature: 0.5, seed: 2 });
    hot.forEach((g, s) => {
      expectClose(g.logprobs, rescore(prompts[s], g.tokens), { atol: 1e-5 });
    });
    expect(hot[0].samplingLogprobs).not.toEqual(hot[0].logprobs);
  });

  it("stops at a stop sequence (kept in the output) and at the context length", () => {
    const [full] = sampler.generate({ prompts: [prompts[0]], maxNewTokens: 8, temperature: 0 });
    const stop = [full.tokens[2], full.tokens[3]];
    const [cut] = sampler.generate({
      prompts: [prompts[0]],
      maxNewTokens: 8,
      temperature: 0,
      stopSequences: [[23, 23, 23, 23, 23, 23, 23, 23, 23], stop],
    });
    const firstEnd = [...full.tokens].findIndex(
      (_, i) => i >= 1 && full.tokens[i - 1] === stop[0] && full.tokens[i] === stop[1],
    );
    expect([...cut.tokens]).toEqual([...full.tokens.subarray(0, firstEnd + 1)]);
    expect(cut.finishReason).toBe("stop");
    const long = Array.from({ length: 14 }, (_, i) => i);
    const [edge] = sampler.generate({ prompts: [long, [1]], maxNewTokens: 10, temperature: 0 });
    expect(edge.tokens.length).toBe(2);
    expect(edge.finishReason).toBe("length");
  });

  it("rejects bad options", () => {
    expect(() => sampler.generate({ prompts: [[]], maxNewTokens: 1 })).toThrow(/outside \[1, 16\]/);
    expect(() => sampler.generate({ prompts: [[99]], maxNewTokens: 1 })).toThrow(
      /outside \[0, 24\)/,
    );
    expect(() => sampler.generate({ prompts, maxNewTokens: 1, topP: 0 })).toThrow(/topP/);
    expect(sampler.generate({ prompts: [], maxNewTokens: 3 })).toEqual([]);
  });
});
