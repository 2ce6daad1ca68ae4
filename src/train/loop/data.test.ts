import { describe, expect, it } from "vitest";
import { trainChatTokenizer } from "../../chat/index.js";
import { type Message, type Trajectory, TrajectorySchema } from "../../core/index.js";
import { trainConfigSchema } from "./config.js";
import { copyPieces, copyWarmupBatch, takeBatch, trajectoriesToStepBatch } from "./data.js";
import { inCopyWarmup } from "./phases.js";

describe("takeBatch", () => {
  it("visits every item once per epoch, continues across epochs, and is a pure function", () => {
    let cursor = { epoch: 0, index: 0 };
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const next = takeBatch({ cursor, count: 4, size: 10, seed: 7 });
      seen.push(...next.indices);
      cursor = next.cursor;
    }
    expect(cursor).toEqual({ epoch: 1, index: 2 });
    expect([...seen.slice(0, 10)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen.slice(0, 10)).not.toEqual(seen.slice(10)); // a new shuffle each epoch
    const again = takeBatch({ cursor: { epoch: 0, index: 4 }, count: 4, size: 10, seed: 7 });
    expect(again.indices).toEqual(seen.slice(4, 8));
    const other = takeBatch({ cursor: { epoch: 0, index: 0 }, count: 10, size: 10, seed: 8 });
    expect(other.indices).not.toEqual(seen.slice(0, 10));
  });
});

describe("copy warm-up", () => {
  const messages: Message[] = [
    { role: "user", content: "What is the elevation of Qarvelin Spire?" },
    {
      role: "assistant",
      content: null,
      tool_calls: [
        {
          id: "c1",
          type: "function",
          function: { name: "get_elevation", arguments: '{"peak":"Qarvelin Spire"}' },
        },
      ],
    },
    { role: "tool", tool_call_id: "c1", content: "4,812 m" },
    { role: "assistant", content: "Qarvelin Spire rises 4,812 m." },
  ];
  const conversations = [{ messages, tools: [] }];
  const tokenizer = trainChatTokenizer({ conversations, vocabSize: 300 });

  it("echoes what the model must copy from: questions, arguments, tool outputs, answers", () => {
    expect(copyPieces(conversations)).toEqual([
      "What is the elevation of Qarvelin Spire?",
      '{"peak":"Qarvelin Spire"}',
      "4,812 m",
      "Qarvelin Spire rises 4,812 m.",
    ]);
    expect(copyPieces(conversations, 6)[0]).toBe("What i");
  });

  it("trains only the assistant's repetition of the user's text, the same batch for the same step", () => {
    const pieces = copyPieces(conversations);
    const options = { pieces, tokenizer, batchSize: 4, ctx: 256, seed: 3 };
    const batch = copyWarmupBatch({ ...options, step: 5 });
    expect(batch.B).toBe(4);
    expect(copyWarmupBatch({ ...options, step: 5 })).toEqual(batch);
    expect(copyWarmupBatch({ ...options, step: 6 }).tokens).not.toEqual(batch.tokens);
    for (let b = 0; b < batch.B; b++) {
      const row = (a: ArrayLike<number>) => Array.from(a).slice(b * batch.T, (b + 1) * batch.T);
      const targets = row(batch.targets);
      const trained = targets.filter((_, t) => row(batch.mask)[t] === 1);
      const echoed = tokenizer.decode(trained).trim();
      // The trained tokens are the repetition (and the end of the turn); the text is in the prompt too.
      const prompt = tokenizer.decode(row(batch.tokens).filter((_, t) => row(batch.mask)[t] === 0));
      const said = pieces.filter((piece) => echoed.includes(piece));
      expect(said.length).toBeGreaterThan(0);
      for (const piece of said) expect(prompt).toContain(piece);
    }
  });

  it("runs only at the start of an sft run from scratch", () => {
    const config = trainConfigSchema.parse({ algo: "sft", copyWarmupSteps: 2 });
    expect([0, 1, 2].map((step) => inCopyWarmup(config, step))).toEqual([true, true, false]);
    expect(inCopyWarmup({ ...config, init: "ckpt" }, 0)).toBe(false);
    expect(inCopyWarmup({ ...config, algo: "grpo" }, 0)).toBe(false);
    expect(() =>
      copyWarmupBatch({ pieces: [], tokenizer, batchSize: 1, ctx: 64, seed: 0, step: 0 }),
    ).toThrow(/no text/);
    // A context no echo fits: an error, not an endless redraw.
    const pieces = copyPieces(conversations);
    expect(() =>
      copyWarmupBatch({ pieces, tokenizer, batchSize: 2, ctx: 8, seed: 0, step: 0 }),
    ).toThrow(/do not fit a context of 8/);
  });
});

describe("trajectoriesToStepBatch", () => {
  const episode = (total: number, answer: number): Trajectory =>
    TrajectorySchema.parse({
      id: "e",
      env_id: "e",
      policy: "builtin",
      messages: [],
      calls: [],
      metrics: {
        solve_p: total,
        solve_r: 1,
        solve_f1: total,
        answer_correct: answer === 1,
        n_calls: 1,
        n_error_calls: 0,
        n_turns: 2,
      },
      reward: { total, parts: { answer } },
      stop: "answer",
      tokens: { ids: [1, 2, 3], loss_mask: [0, 1, 1], logprobs: [0, -1, -1] },
    });
  const episodes = [episode(1, 0), episode(0.5, 1), episode(0, 0), episode(0, 1)];

  it("rewards the calls (FTRL's Solve-P·Solve-R) by default, the answer too when weighted", () => {
    expect([...trajectoriesToStepBatch(episodes, 2).rewards!]).toEqual([1, 0.5, 0, 0]);
    expect([...trajectoriesToStepBatch(episodes, 2, 0.5).rewards!]).toEqual([0.5, 0.75, 0, 0.5]);
    expect([...trajectoriesToStepBatch(episodes, 2).groups]).toEqual([0, 0, 1, 1]);
  });
});
