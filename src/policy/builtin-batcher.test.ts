import { describe, expect, it } from "vitest";
import { Gpt } from "../model/index.js";
import { BuiltinBatcher } from "./builtin-batcher.js";

const model = new Gpt({ config: { vocabSize: 32, ctx: 64, dModel: 16, nLayer: 1, nHead: 2 } });
const options = {
  model,
  maxBatchTokens: 4096,
  maxNewTokens: 3,
  temperature: 0,
  topK: 0,
  topP: 1,
  stopSequences: [],
  seed: 0,
};
const prompt = (n: number, first = 1) => Array.from({ length: n }, (_, i) => (first + i) % 32);

describe("BuiltinBatcher", () => {
  it("decodes concurrent requests together, at most maxBatch of them at once", async () => {
    const together = new BuiltinBatcher({ ...options, maxBatch: 8 });
    const gens = await Promise.all([30, 10, 10, 10].map((n, i) => together.generate(prompt(n, i))));
    expect(gens.map((g) => g.tokens.length)).toEqual([3, 3, 3, 3]);
    // One step prefills every prompt and samples each first token; two more decode the rest.
    expect(together.stats).toMatchObject({ steps: 3, sequences: 4, promptTokens: 60 });

    const alone = new BuiltinBatcher({ ...options, maxBatch: 1 });
    await Promise.all([5, 5, 5, 5, 5].map((n, i) => alone.generate(prompt(n, 2 * i))));
    expect(alone.stats.steps).toBe(15);
  });

  it("answers each request with its own sequence, as sampling it alone would (greedy)", async () => {
    const prompts = [prompt(7, 3), prompt(2, 9), prompt(12, 1)];
    const batched = new BuiltinBatcher({ ...options, maxBatch: 8 });
    const together = await Promise.all(prompts.map((p) => batched.generate(p)));
    const alone = new BuiltinBatcher({ ...options, maxBatch: 1 });
    for (const [i, p] of prompts.entries()) {
      expect([...(await alone.generate(p)).tokens]).toEqual([...together[i].tokens]);
    }
  });

  it("computes a prompt shared by several requests once, and an earlier turn's ids not again", async () => {
    const batcher = new BuiltinBatcher({ ...options, maxBatch: 8, temperature: 1 });
    const shared = prompt(20, 5);
    const group = await Promise.all(Array.from({ length: 4 }, () => batcher.generate(shared)));
    // The first prefills all 20 ids; the others copy 19 and feed the last.
    expect(batcher.stats.prefilledTokens).toBe(20 + 3);
    expect(new Set(group.map((g) => [...g.tokens].join())).size).toBeGreaterThan(1);
    // A next turn of the first: it extends the 22 ids that sequence fed, so 2 are computed.
    const turn = [...shared, ...group[0].tokens.subarray(0, 2), 7, 8];
    await batcher.generate(turn);
    expect(batcher.stats.prefilledTokens).toBe(20 + 3 + 2);
  });

  it("rejects a request the model cannot take, and only that one", async () => {
    const batcher = new BuiltinBatcher({ ...options, maxBatch: 8 });
    const results = await Promise.allSettled([batcher.generate(prompt(3)), batcher.generate([99])]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
  });
});
