import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { chatTokenIds, tokenizeChat } from "../chat/index.js";
import {
  ConfigError,
  type EnvironmentRecord,
  type Trajectory,
  TrajectorySchema,
} from "../core/index.js";
import { Gpt, saveModel, type Tokenizer } from "../model/index.js";
import { runRollouts } from "../rollout/index.js";
import { type MemorizedModel, memorizedModel } from "../testing/memorized-model.js";
import { sampleChatTokenizer } from "../testing/sample-chat-tokenizer.js";
import { loadSampleEnvs } from "../testing/sample-envs.js";
import { CONTEXT_FULL_ANSWER, createBuiltinPolicy } from "./builtin-policy.js";

let records: EnvironmentRecord[];
let tokenizer: Tokenizer;
let memorized: MemorizedModel;
const MEMORIZED = ["sample-01", "sample-04", "sample-07"];

beforeAll(async () => {
  records = await loadSampleEnvs();
  tokenizer = await sampleChatTokenizer();
  memorized = await memorizedModel({ records: records.filter((r) => MEMORIZED.includes(r.id)) });
}, 60_000);

function randomModel(ctx = 512): Gpt {
  return new Gpt({
    config: { vocabSize: tokenizer.vocabSize, ctx, dModel: 32, nLayer: 2, nHead: 2 },
    seed: 3,
  });
}

/** log p(ids[i] | ids[<i]) by one full forward pass over the whole sequence, no cache. */
function rescore(model: Gpt, ids: readonly number[]): Float32Array {
  const T = ids.length - 1;
  const { logprobs } = model.forward({
    tokens: Int32Array.from(ids.slice(0, T)),
    targets: Int32Array.from(ids.slice(1)),
    B: 1,
    T,
  });
  return Float32Array.from([0, ...logprobs]);
}

function expectValidTokens(t: Trajectory, ctx: number): void {
  const tokens = t.tokens!;
  expect(tokens.ids.length).toBeLessThanOrEqual(ctx);
  expect(tokens.logprobs).toHaveLength(tokens.ids.length);
  expect(tokens.loss_mask).toHaveLength(tokens.ids.length);
  tokens.loss_mask.forEach((m, i) => {
    expect(m === 0 || m === 1).toBe(true);
    if (m === 0) expect(tokens.logprobs[i]).toBe(0);
    else expect(tokens.logprobs[i]).toBeLessThanOrEqual(0);
  });
}

describe("createBuiltinPolicy", () => {
  it("replays memorized gold turns, over several turns, and scores like the oracle", async () => {
    const policy = createBuiltinPolicy({ ...memorized, temperature: 0 });
    const { trajectories } = await runRollouts({
      records: records.filter((r) => MEMORIZED.includes(r.id)),
      policy,
    });
    expect(trajectories).toHaveLength(3);
    for (const t of trajectories) {
      const gold = memorized.trajectories.find((g) => g.env_id === t.env_id)!;
      expect(t.policy).toBe("builtin");
      // The oracle numbers calls by subtask, text-format policies by position in the turn.
      expect(withoutCallIds(t.messages)).toEqual(withoutCallIds(gold.messages));
      expect(t.metrics.solve_f1).toBe(1);
      expect(t.metrics.answer_correct).toBe(true);
    }
    expect(trajectories.find((t) => t.env_id === "sample-07")!.metrics.n_turns).toBe(3);
  });

  it("records exactly the tokens the model read and sampled (rescoring reproduces every log-prob)", async () => {
    const { model } = memorized;
    for (const temperature of [0, 1]) {
      const policy = createBuiltinPolicy({ model, tokenizer, temperature, seed: 5 });
      const { trajectories } = await runRollouts({
        records: records.filter((r) => MEMORIZED.includes(r.id)),
        policy,
      });
      for (const t of trajectories) {
        expectValidTokens(t, model.config.ctx);
        const { ids, logprobs, loss_mask } = t.tokens!;
        const scored = rescore(model, ids);
        loss_mask.forEach((m, i) => {
          if (m === 1) expect(Math.abs(scored[i] - logprobs[i])).toBeLessThan(2e-4);
        });
      }
      if (temperature === 0) {
        // Greedy replays the gold turns, so the sequence is the template's rendering of the
        // conversation up to the last assistant turn, masked exactly on the assistant bodies.
        for (const t of trajectories) {
          const record = records.find((r) => r.id === t.env_id)!;
          const expected = tokenizeChat({ messages: t.messages, tools: record.tools, tokenizer });
          expect(t.tokens!.ids).toEqual(expected.ids);
          expect(t.tokens!.loss_mask).toEqual(expected.lossMask);
        }
      }
    }
  });

  it("turns a random-init model's garbage into valid trajectories, never a crash", async () => {
    const model = randomModel();
    const policy = createBuiltinPolicy({ model, tokenizer, maxNewTokens: 48, seed: 1 });
    const { trajectories } = await runRollouts({ records, policy, maxTurns: 3 });
    expect(trajectories).toHaveLength(records.length);
    for (const t of trajectories) {
      expect(TrajectorySchema.parse(JSON.parse(JSON.stringify(t)))).toEqual(t);
      expectValidTokens(t, model.config.ctx);
      expect(t.metrics.answer_correct).toBe(false);
      const sampled = t.tokens!.loss_mask.reduce((a, b) => a + b, 0);
      expect(sampled).toBeGreaterThan(0);
      expect(sampled).toBeLessThanOrEqual(48 * t.metrics.n_turns);
    }
    expect(policy.stats.sequences).toBe(trajectories.reduce((n, t) => n + t.metrics.n_turns, 0));
  });

  it("ends the episode with a clear answer when the conversation no longer fits the context", async () => {
    const record = records[0];
    const opening = tokenizeChat({
      messages: record.messages,
      tools: record.tools,
      tokenizer,
      generationPrompt: true,
    }).ids.length;
    // No room at all: nothing sampled, the episode ends at once.
    const full = createBuiltinPolicy({ model: randomModel(opening), tokenizer });
    const [none] = (await runRollouts({ records: [record], policy: full })).trajectories;
    expect(none.messages.at(-1)).toEqual({ role: "assistant", content: CONTEXT_FULL_ANSWER });
    expect(none.tokens).toBeUndefined();
    expect(none.stop).toBe("answer");
    // Room for a few tokens: the turn is cut at the context's end, the tokens fit in ctx.
    const ctx = opening + 5;
    const tight = createBuiltinPolicy({ model: randomModel(ctx), tokenizer, maxNewTokens: 64 });
    const [cut] = (await runRollouts({ records: [record], policy: tight })).trajectories;
    expect(cut.tokens!.ids).toHaveLength(ctx);
    expectValidTokens(cut, ctx);
  });

  it("micro-batches concurrent turns: greedy results equal one-by-one sampling", async () => {
    const model = randomModel();
    const run = async (maxBatch: number, concurrency: number) => {
      const policy = createBuiltinPolicy({
        model,
        tokenizer,
        temperature: 0,
        maxBatch,
        maxNewTokens: 24,
      });
      const { trajectories } = await runRollouts({ records, policy, concurrency, maxTurns: 2 });
      return { trajectories: byId(trajectories), stats: policy.stats };
    };
    const alone = await run(1, 1);
    const batched = await run(32, 12);
    expect(batched.stats.steps).toBeLessThan(alone.stats.steps);
    expect(batched.stats.sequences).toBe(alone.stats.sequences);
    expect(batched.trajectories.map((t) => t.messages)).toEqual(
      alone.trajectories.map((t) => t.messages),
    );
    batched.trajectories.forEach((t, i) => {
      const a = alone.trajectories[i].tokens!;
      expect(t.tokens!.ids).toEqual(a.ids);
      t.tokens!.logprobs.forEach((lp, j) => {
        expect(Math.abs(lp - a.logprobs[j])).toBeLessThan(1e-4);
      });
    });
  });

  it("is reproducible: the same seed and batches give the same sampled trajectories", async () => {
    const model = randomModel();
    const run = async (seed: number) => {
      const policy = createBuiltinPolicy({ model, tokenizer, seed, maxNewTokens: 24 });
      return byId((await runRollouts({ records, policy, maxTurns: 2 })).trajectories);
    };
    const a = await run(9);
    expect(await run(9)).toEqual(a);
    expect((await run(10)).map((t) => t.tokens!.ids)).not.toEqual(a.map((t) => t.tokens!.ids));
  });

  it("loads a checkpoint directory lazily and names itself builtin:DIR", async () => {
    const dir = mkdtempSync(join(tmpdir(), "toolgym-builtin-"));
    await saveModel(dir, memorized.model, { tokenizer });
    const policy = createBuiltinPolicy({ dir, temperature: 0 });
    expect(policy.name).toBe(`builtin:${dir}`);
    const record = records.find((r) => r.id === "sample-01")!;
    const response = await policy.act({ messages: record.messages, tools: record.tools });
    expect(response.message.tool_calls?.[0].function.name).toBe("get_weather");
    expect(response.tokens!.ids.at(-1)).toBe(chatTokenIds(tokenizer).end);
    expect(response.usage!.completionTokens).toBe(response.tokens!.ids.length);

    const bare = mkdtempSync(join(tmpdir(), "toolgym-builtin-"));
    await saveModel(bare, memorized.model);
    const untokenized = createBuiltinPolicy({ dir: bare });
    await expect(untokenized.act({ messages: record.messages, tools: [] })).rejects.toThrow(
      ConfigError,
    );
  });

  it("refuses a tokenizer with more ids than the model", async () => {
    const small = new Gpt({ config: { vocabSize: 300, ctx: 64, dModel: 16, nLayer: 1, nHead: 2 } });
    const policy = createBuiltinPolicy({ model: small, tokenizer });
    await expect(policy.act({ messages: records[0].messages, tools: [] })).rejects.toThrow(
      /tokenizer has \d+ ids but the model only 300/,
    );
  });

  it("stops at an aborted signal", async () => {
    const policy = createBuiltinPolicy({ model: randomModel(), tokenizer });
    const controller = new AbortController();
    controller.abort();
    await expect(
      policy.act({ messages: records[0].messages, tools: [], signal: controller.signal }),
    ).rejects.toThrow();
  });
});

function withoutCallIds(messages: Trajectory["messages"]): unknown[] {
  return messages.map((m) => {
    if (m.role === "tool") return { ...m, tool_call_id: "" };
    if (m.role === "assistant" && m.tool_calls) {
      return { ...m, tool_calls: m.tool_calls.map((c) => ({ ...c, id: "" })) };
    }
    return m;
  });
}

function byId(trajectories: Trajectory[]): Trajectory[] {
  return [...trajectories].sort((a, b) => a.id.localeCompare(b.id));
}
