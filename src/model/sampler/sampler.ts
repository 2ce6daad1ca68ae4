import type { Gpt } from "../gpt.js";
import { SeededRng } from "../seeded-rng.js";
import { checkPrompt, checkSettings, DecodeEngine, type Generation } from "./decode-engine.js";

export type { Generation } from "./decode-engine.js";

export interface GenerateOptions {
  /** One prompt per sequence (token ids, at least one each); lengths may differ. */
  readonly prompts: readonly ArrayLike<number>[];
  /** New tokens per sequence at most; generation also stops when prompt + output reach ctx. */
  readonly maxNewTokens: number;
  /** Default 1; 0 = greedy. */
  readonly temperature?: number;
  /** Default 0 (off). */
  readonly topK?: number;
  /** Default 1 (off). */
  readonly topP?: number;
  /** Token-id sequences; a sequence ends once its output ends with one of them (included). */
  readonly stopSequences?: readonly ArrayLike<number>[];
  /** Seed of the sampling draws; the same seed, model and options give the same output. */
  readonly seed?: number;
}

/**
 * Batched generation with a KV cache: the prompts are sampled together by the model's
 * `DecodeEngine` (continuous batching; a prompt repeated, or extending one sampled before, is
 * computed once), each sequence from its own random stream seeded from `seed` and its index.
 * Synchronous: returns when every sequence is done.
 */
export class Sampler {
  private readonly model: Gpt;

  constructor(model: Gpt) {
    this.model = model;
  }

  generate(options: GenerateOptions): Generation[] {
    const {
      prompts,
      maxNewTokens,
      temperature = 1,
      topK = 0,
      topP = 1,
      stopSequences = [],
      seed = 0,
    } = options;
    const { vocabSize: V, ctx } = this.model.config;
    const settings = { maxNewTokens, temperature, topK, topP, stopSequences };
    checkSettings(settings);
    prompts.forEach((p, s) => {
      checkPrompt(p, `prompts[${s}]`, V, ctx);
    });
    if (prompts.length === 0) return [];
    const engine = DecodeEngine.forModel(this.model, { slots: prompts.length });
    const seeds = new SeededRng(seed);
    const out: Generation[] = [];
    let left = prompts.length;
    let failure: { error: unknown } | undefined;
    prompts.forEach((prompt, s) => {
      engine.submit({
        ...settings,
        prompt,
        seed: seeds.nextUint32(),
        onDone: (generation) => {
          out[s] = generation;
          left--;
        },
        onError: (error) => {
          failure ??= { error };
          left--;
        },
      });
    });
    while (left > 0) engine.step();
    if (failure !== undefined) throw failure.error;
    return out;
  }
}
