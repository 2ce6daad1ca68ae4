import { describe, expect, it } from "vitest";
import { Gpt, Sampler } from "../model/index.js";
import { BuiltinBatcher } from "./builtin-batcher.js";

const model = new Gpt({ config: { vocabSize: 32, ctx: 64, dModel: 16, nLayer: 1, nHead: 2 } });
const options = {
  sampler: new Sampler(model),
  maxNewTokens: 3,
  temperature: 0,
  topK: 0,
  topP: 1,
  stopSequences: [],
  seed: 0,
};
const prompt = (n: number, first = 1) => Array.from({ length: n }, (_, i) => (first + i) % 32);

describe("BuiltinBatcher", () => {
  it("samples requests of one tick together, within maxBatch and the padded-token budget", async () => {
    const batcher = new BuiltinBatcher({ ...options, maxBatch: 8, maxBatchTokens: 40 });
    // Sorted by length: 10, 10, 10 fit (3 × 10 ≤ 40); with the 30-token prompt 4 × 30 would not.
    const gens = await Promise.all([30, 10, 10, 10].map((n, i) => batcher.generate(prompt(n, i))));
    expect(batcher.stats).toMatchObject({ generateCalls: 2, sequences: 4, promptTokens: 60 });
    expect(gens.map((g) => g.tokens.length)).toEqual([3, 3, 3, 3]);

    const capped = new BuiltinBatcher({ ...options, maxBatch: 2, maxBatchTokens: 1000 });
    await Promise.all([5, 5, 5, 5, 5].map((n, i) => capped.generate(prompt(n, i))));
    expect(capped.stats.generateCalls).toBe(3);
  });

  it("answers each request with its own sequence, as sampling it alone would (greedy)", async () => {
    const prompts = [prompt(7, 3), prompt(2, 9), prompt(12, 1)];
    const batched = new BuiltinBatcher({ ...options, maxBatch: 8, maxBatchTokens: 4096 });
    const together = await Promise.all(prompts.map((p) => batched.generate(p)));
    expect(batched.stats.generateCalls).toBe(1);
    const alone = new BuiltinBatcher({ ...options, maxBatch: 1, maxBatchTokens: 4096 });
    for (const [i, p] of prompts.entries()) {
      expect([...(await alone.generate(p)).tokens]).toEqual([...together[i].tokens]);
    }
  });

  it("rejects every request of a batch the sampler refuses", async () => {
    const batcher = new BuiltinBatcher({ ...options, maxBatch: 8, maxBatchTokens: 4096 });
    const results = await Promise.allSettled([batcher.generate(prompt(3)), batcher.generate([99])]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
