import { beforeAll, describe, expect, it } from "vitest";
import { Gpt } from "../gpt.js";
import type { ModelConfig } from "../model-config.js";
import { expectClose } from "../test-helpers/expect-close.js";
import { naiveGemm } from "../test-helpers/naive-gemm.js";
import { DecodeEngine, type DecodeRequest, type Generation } from "./decode-engine.js";

const gpt2 = { vocabSize: 24, ctx: 32, dModel: 16, nLayer: 2, nHead: 2 };
let config: ModelConfig = gpt2;

function peakedModel(seed = 5): Gpt {
  const model = new Gpt({ config, kernel: naiveGemm, seed });
  // Larger weights than the init, so distributions are peaked and the checks mean something.
  for (let i = 0; i < model.params.length; i++) model.params[i] *= 8;
  // Smeared keys' gates apart from ½ and from each other (their init is 0 for every head).
  for (const spec of model.layout.filter((s) => s.name.endsWith(".smear"))) {
    for (let h = 0; h < spec.size; h++) model.params[spec.offset + h] = 2 * h - 1.5;
  }
  // The suffix-match bias's weights (0 at init), each level its own size.
  for (const spec of model.layout.filter((s) => s.name === "copy.match.bias")) {
    for (let m = 0; m < spec.size; m++) model.params[spec.offset + m] = 4 - m;
  }
  return model;
}

/** Log-probs of `output` after `prompt`, scored by the full forward pass (no cache). */
function rescore(model: Gpt, prompt: readonly number[], output: Int32Array): Float32Array {
  const seq = [...prompt, ...output];
  const T = seq.length - 1;
  const { logprobs } = model.forward({
    tokens: Int32Array.from(seq.slice(0, T)),
    targets: Int32Array.from(seq.slice(1)),
    B: 1,
    T,
  });
  return logprobs.subarray(prompt.length - 1);
}

const settings = { maxNewTokens: 6, temperature: 1, topK: 0, topP: 1, stopSequences: [] };

/** Submits `prompts` (seeds 1, 2, …) and steps until all are done. */
function run(engine: DecodeEngine, prompts: readonly (readonly number[])[], extra = {}) {
  const out: Generation[] = [];
  prompts.forEach((prompt, i) => {
    const request: DecodeRequest = {
      ...settings,
      prompt,
      seed: i + 1,
      ...extra,
      onDone: (g) => {
        out[i] = g;
      },
      onError: (error) => {
        throw error;
      },
    };
    engine.submit(request);
  });
  let steps = 0;
  while (engine.busy) {
    engine.step();
    steps++;
  }
  return { out, steps };
}

describe.each([
  ["GPT-2", gpt2],
  ["smeared keys", { ...gpt2, smearKeys: true }],
  ["copy head", { ...gpt2, copyHead: true }],
  ["copy head, keys reading the next state", { ...gpt2, copyHead: true, copyKeyNext: true }],
  ["copy head, suffix-match bias", { ...gpt2, copyHead: true, copyKeyNext: true, copyMatch: 3 }],
  [
    "copy head, gate reading what it points at",
    { ...gpt2, copyHead: true, copyKeyNext: true, copyMatch: 3, copyGatePointed: true },
  ],
])("DecodeEngine (%s)", (_, shape: ModelConfig) => {
  beforeAll(() => {
    config = shape;
  });

  it("computes a shared prompt once and continues a conversation from its cached ids, exactly", () => {
    const model = peakedModel();
    const engine = new DecodeEngine(model, { slots: 8 });
    const prompt = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
    const { out: group } = run(engine, [prompt, prompt, prompt, prompt]);
    // One prefill of 12 ids; the other three wait a step for it, copy 11 and feed the last.
    expect(group.map((g) => g.cachedTokens)).toEqual([0, 11, 11, 11]);
    expect(engine.stats.prefilledTokens).toBe(12 + 3);
    expect(new Set(group.map((g) => [...g.tokens].join())).size).toBeGreaterThan(1);
    for (const g of group) {
      expectClose(g.logprobs, rescore(model, prompt, g.tokens), { rtol: 1e-4, atol: 1e-5 });
    }
    // Next turns: each extends its own earlier turn (prompt and the ids it fed) by 2 ids.
    const turns = group.map((g) => [...prompt, ...g.tokens, 7, 8]);
    const { out: next } = run(engine, turns);
    next.forEach((g, i) => {
      expect(g.cachedTokens).toBe(prompt.length + group[i].tokens.length - 1);
      expectClose(g.logprobs, rescore(model, turns[i], g.tokens), { rtol: 1e-4, atol: 1e-5 });
    });
  });

  it("feeds again a position a cached prefix was followed by, leaving no trace of it", () => {
    const model = peakedModel();
    // A copy head attending broadly, so that every cached key shows in the log-probs.
    for (const spec of model.layout.filter((s) => /^copy\.[qk]/.test(s.name))) {
      for (let i = 0; i < spec.size; i++) model.params[spec.offset + i] /= 4;
    }
    const prompt = [3, 1, 4, 1, 5, 9, 2, 6];
    // One slot: it keeps its 8 shared ids and feeds position 8 again, now with another id. Two
    // slots: the 8 ids are copied into the free slot, which feeds position 8.
    for (const slots of [1, 2]) {
      const engine = new DecodeEngine(model, { slots });
      run(engine, [[...prompt, 7, 7, 7]]);
      const next = [...prompt, 2];
      const { out } = run(engine, [next]);
      expect(out[0].cachedTokens).toBe(prompt.length);
      const expected = rescore(model, next, out[0].tokens);
      expectClose(out[0].logprobs, expected, { rtol: 1e-4, atol: 1e-5, label: `${slots} slots` });
    }
  });

  it("scores a span that comes again as the full forward pass does", () => {
    const model = peakedModel();
    // A copy head attending broadly, so that the bias of each level shows in the log-probs.
    for (const spec of model.layout.filter((s) => /^copy\.(q|k|kn)\./.test(s.name))) {
      for (let i = 0; i < spec.size; i++) model.params[spec.offset + i] /= 8;
    }
    // 3 1 4 1 5 comes again: rows inside the repeat match 1, 2, 3 ids back (copyMatch's levels).
    const prompt = [3, 1, 4, 1, 5, 9, 3, 1, 4, 1];
    for (const slots of [1, 3]) {
      const engine = new DecodeEngine(model, { slots });
      const { out } = run(engine, [prompt, [...prompt, 5], [2, ...prompt]]);
      out.forEach((g, i) => {
        const p = [prompt, [...prompt, 5], [2, ...prompt]][i];
        expectClose(g.logprobs, rescore(model, p, g.tokens), { rtol: 1e-4, atol: 1e-5 });
      });
    }
  });

  it("forgets every cached prefix once the weights change", () => {
    const model = peakedModel();
    const engine = new DecodeEngine(model, { slots: 4 });
    const prompt = [2, 7, 1, 8, 2, 8];
    run(engine, [prompt]);
    model.params[0] += 0.5;
    const { out } = run(engine, [prompt]);
    expect(out[0].cachedTokens).toBe(0);
    expectClose(out[0].logprobs, rescore(model, prompt, out[0].tokens), { rtol: 1e-4, atol: 1e-5 });
  });

  it("samples each sequence as it would alone, whenever it joins and however many slots", () => {
    const model = peakedModel(7);
    const prompts = [[1, 2, 3], [4], [5, 6, 7, 8, 9, 10], [11, 12], [13, 14, 15, 16]];
    const alone = prompts.map((p, i) => {
      const engine = new DecodeEngine(model, { slots: 1 });
      return run(engine, [p], { seed: i + 1 }).out[0];
    });
    // Two slots for five sequences: the rest wait, and join as slots free up.
    const engine = new DecodeEngine(model, { slots: 2 });
    const { out } = run(engine, prompts);
    out.forEach((g, i) => {
      expect([...g.tokens]).toEqual([...alone[i].tokens]);
      expectClose(g.logprobs, alone[i].logprobs, { rtol: 1e-4, atol: 1e-5 });
    });
  });

  it("feeds a prompt longer than one step's rows over several steps", () => {
    const model = peakedModel();
    const prompt = Array.from({ length: 20 }, (_, i) => (i * 7) % 24);
    const engine = new DecodeEngine(model, { slots: 2, rows: 8 });
    const { out, steps } = run(engine, [prompt], { maxNewTokens: 3 });
    expect(steps).toBe(3 + 2); // 8 + 8 + 4 prompt ids (the last step samples), then 2 decode
    expectClose(out[0].logprobs, rescore(model, prompt, out[0].tokens), { rtol: 1e-4, atol: 1e-5 });
  });

  it("ends a sequence with no room left at once, and stops at a stop sequence", () => {
    const model = peakedModel();
    const engine = new DecodeEngine(model, { slots: 2 });
    const full = Array.from({ length: 32 }, () => 3);
    const [g] = run(engine, [full]).out;
    expect(g).toMatchObject({ finishReason: "length" });
    expect(g.tokens.length).toBe(0);
    const [free] = run(engine, [[1, 2]], { temperature: 0 }).out;
    const stop = [free.tokens[1], free.tokens[2]];
    const [cut] = run(engine, [[1, 2]], { temperature: 0, stopSequences: [stop] }).out;
    expect(cut.finishReason).toBe("stop");
    expect([...cut.tokens].slice(-2)).toEqual(stop);
  });

  it("hands a failed step's error to every sequence and starts over empty", () => {
    const model = peakedModel();
    let fail = false;
    const flaky = new Gpt({
      config,
      params: model.params,
      kernel: {
        name: "flaky",
        sgemm(p) {
          if (fail) throw new Error("kernel fault");
          naiveGemm.sgemm(p);
        },
      },
    });
    const engine = new DecodeEngine(flaky, { slots: 2 });
    const errors: unknown[] = [];
    for (const prompt of [[1], [2], [3]]) {
      engine.submit({
        ...settings,
        prompt,
        seed: 1,
        onDone: () => errors.push("done"),
        onError: (e) => errors.push(e),
      });
    }
    fail = true;
    engine.step();
    expect(errors.map((e) => (e as Error).message)).toEqual(Array(3).fill("kernel fault"));
    expect(engine.busy).toBe(false);
    fail = false;
    expect(run(engine, [[1, 2]]).out[0].tokens.length).toBe(6);
  });

  it("rejects a request the model cannot take when it is submitted", () => {
    const engine = new DecodeEngine(peakedModel(), { slots: 1 });
    const submit = (prompt: number[], extra = {}) =>
      engine.submit({
        ...settings,
        ...extra,
        prompt,
        seed: 0,
        onDone: () => {},
        onError: () => {},
      });
    expect(() => submit([])).toThrow(/prompt.*outside \[1, 32\]/);
    expect(() => submit([24])).toThrow(/outside \[0, 24\)/);
    expect(() => submit([1], { topP: 0 })).toThrow(/topP/);
    expect(engine.busy).toBe(false);
  });
});
