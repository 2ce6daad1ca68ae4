import { tokenizeChat } from "../chat/index.js";
import type { EnvironmentRecord, Trajectory } from "../core/index.js";
import {
  AdamW,
  clipGradNorm,
  Gpt,
  type ModelConfig,
  maskedMeanNll,
  type Tokenizer,
} from "../model/index.js";
import { createOraclePolicy } from "../policy/index.js";
import { runRollouts } from "../rollout/index.js";
import { padBatch } from "../train/data/pad-batch.js";
import { sampleChatTokenizer } from "./sample-chat-tokenizer.js";

export interface MemorizedModel {
  model: Gpt;
  tokenizer: Tokenizer;
  /** The oracle trajectories it learned, one per record. */
  trajectories: Trajectory[];
  /** Masked mean NLL of the last step. */
  loss: number;
}

/**
 * A tiny GPT trained until it reproduces the oracle's turns in `records` (greedy decoding then
 * replays the gold calls and answers): a model that really calls tools, over several turns,
 * for tests of the built-in policy, in a few seconds.
 */
export async function memorizedModel({
  records,
  config = {},
  maxSteps = 400,
  targetLoss = 0.01,
}: {
  records: readonly EnvironmentRecord[];
  config?: Partial<ModelConfig>;
  maxSteps?: number;
  targetLoss?: number;
}): Promise<MemorizedModel> {
  const tokenizer = await sampleChatTokenizer();
  const { trajectories } = await runRollouts({ records, policy: createOraclePolicy() });
  const sequences = trajectories.map((t) => {
    const record = records.find((r) => r.id === t.env_id)!;
    return tokenizeChat({ messages: t.messages, tools: record.tools, tokenizer });
  });
  const batch = padBatch(sequences);
  const model = new Gpt({
    config: {
      vocabSize: tokenizer.vocabSize,
      ctx: 512,
      dModel: 64,
      nLayer: 2,
      nHead: 4,
      ...config,
    },
    seed: 7,
  });
  const opt = new AdamW({ model, weightDecay: 0 });
  let loss = Number.POSITIVE_INFINITY;
  for (let step = 0; step < maxSteps && loss > targetLoss; step++) {
    model.zeroGrad();
    const out = maskedMeanNll(model.forward(batch).logprobs, batch.mask);
    loss = out.loss;
    model.backward(out.grad);
    clipGradNorm(model.grads, 1);
    opt.step({ lr: 1e-2 });
  }
  return { model, tokenizer, trajectories, loss };
}
