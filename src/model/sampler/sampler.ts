import { ModelInputError } from "../errors/model-input-error.js";
import type { Gpt } from "../gpt.js";
import { GptActivations } from "../gpt-activations.js";
import { gptForward } from "../gpt-forward.js";
import { SeededRng } from "../seeded-rng.js";
import { DecodeBuffers, gptDecode } from "./gpt-decode.js";
import { KvCache } from "./kv-cache.js";
import { PickScratch, pickToken } from "./pick-token.js";

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

export interface Generation {
  /** Sampled ids, the stop sequence that ended it included. */
  readonly tokens: Int32Array;
  /** log p(token | prefix) under the raw model at temperature 1, untruncated (for RL losses). */
  readonly logprobs: Float32Array;
  /** log q(token | prefix) under the distribution sampled from (temperature, top-k, top-p). */
  readonly samplingLogprobs: Float32Array;
  readonly finishReason: "stop" | "length";
}

/**
 * Batched generation with a KV cache. Prompts are right-padded and run through one full forward
 * pass (the prefill); from then on every unfinished sequence feeds one token per step at its own
 * position, so prompts of different lengths never attend to padding and need no left-padding.
 * Its buffers live in the model's arena, are shared by every Sampler of the model, are kept
 * between calls and grow only for a larger batch.
 */
export class Sampler {
  private readonly model: Gpt;
  private readonly buffers: SamplerBuffers;

  constructor(model: Gpt) {
    this.model = model;
    let buffers = buffersByModel.get(model);
    if (!buffers) {
      buffers = {
        prefill: new GptActivations(model.config, model.arena),
        decode: undefined,
        pick: new PickScratch(model.config.vocabSize),
      };
      buffersByModel.set(model, buffers);
    }
    this.buffers = buffers;
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
    const { config, kernel } = this.model;
    const { vocabSize: V, ctx } = config;
    checkOptions(options, V, ctx);
    const S = prompts.length;
    if (S === 0) return [];
    const rng = new SeededRng(seed);
    const settings = { temperature, topK, topP };
    const { cache, bufs } = this.stateFor(S);

    // Prefill: all prompts, right-padded with id 0, through the training forward pass.
    const P = Math.max(...prompts.map((p) => p.length));
    const acts = this.buffers.prefill.forShape(S, P);
    acts.tokens.fill(0);
    prompts.forEach((p, s) => {
      acts.tokens.set(Array.from(p), s * P);
    });
    gptForward({ kernel, wasm: this.model.arena.wasm, config, params: this.model.tensors, acts });
    for (let l = 0; l < config.nLayer; l++) {
      cache.storePrefix(
        l,
        acts.layers[l].qkvr,
        acts.layers[l].kvt,
        S,
        P,
        config.dModel,
        config.nHead,
      );
    }
    prompts.forEach((p, s) => {
      const from = (s * P + p.length - 1) * V;
      bufs.logits.set(acts.logits.subarray(from, from + V), s * V);
    });

    const out = prompts.map((p) => ({
      tokens: [] as number[],
      logprobs: [] as number[],
      samplingLogprobs: [] as number[],
      finishReason: "length" as "stop" | "length",
      budget: Math.min(maxNewTokens, ctx - p.length),
    }));
    // Rows of bufs.logits belong to the sequences in `seqs[0 … R)`, in that order.
    const { seqs, tokens: next, positions } = bufs;
    for (let s = 0; s < S; s++) seqs[s] = s;
    let R = S;
    while (R > 0) {
      let kept = 0;
      for (let r = 0; r < R; r++) {
        const s = seqs[r];
        const o = out[s];
        if (o.budget <= 0) continue;
        const pick = pickToken(
          bufs.logits.subarray(r * V, (r + 1) * V),
          settings,
          rng,
          this.buffers.pick,
        );
        o.tokens.push(pick.token);
        o.logprobs.push(pick.logprob);
        o.samplingLogprobs.push(pick.samplingLogprob);
        if (endsWithAny(o.tokens, stopSequences)) {
          o.finishReason = "stop";
          continue;
        }
        if (o.tokens.length >= o.budget) continue;
        seqs[kept] = s;
        next[kept] = pick.token;
        positions[kept] = prompts[s].length + o.tokens.length - 1;
        kept++;
      }
      R = kept;
      if (R === 0) break;
      gptDecode({
        kernel,
        arena: this.model.arena,
        config,
        params: this.model.tensors,
        cache,
        bufs,
        R,
      });
    }
    return out.map((o) => ({
      tokens: Int32Array.from(o.tokens),
      logprobs: Float32Array.from(o.logprobs),
      samplingLogprobs: Float32Array.from(o.samplingLogprobs),
      finishReason: o.finishReason,
    }));
  }

  private stateFor(S: number): { cache: KvCache; bufs: DecodeBuffers } {
    const { buffers } = this;
    if (!buffers.decode || buffers.decode.cache.S < S) {
      const { config, arena } = this.model;
      // Twofold growth, as for activations: outgrown caches stay behind in the arena.
      const rows = Math.max(S, 2 * (buffers.decode?.cache.S ?? 0));
      buffers.decode = {
        cache: new KvCache(config, rows, arena),
        bufs: new DecodeBuffers(config, rows, arena),
      };
    }
    return buffers.decode;
  }
}

/** Buffers in a model's arena, shared by every Sampler of that model (the arena never frees). */
interface SamplerBuffers {
  readonly prefill: GptActivations;
  decode: { cache: KvCache; bufs: DecodeBuffers } | undefined;
  readonly pick: PickScratch;
}

const buffersByModel = new WeakMap<Gpt, SamplerBuffers>();

function endsWithAny(tokens: readonly number[], stops: readonly ArrayLike<number>[]): boolean {
  for (const stop of stops) {
    const n = stop.length;
    if (n === 0 || n > tokens.length) continue;
    let match = true;
    for (let i = 0; i < n && match; i++) match = tokens[tokens.length - n + i] === stop[i];
    if (match) return true;
  }
  return false;
}

function checkOptions(o: GenerateOptions, V: number, ctx: number): void {
  const { temperature = 1, topK = 0, topP = 1 } = o;
  if (!Number.isInteger(o.maxNewTokens) || o.maxNewTokens < 0) {
    throw new ModelInputError(
      "maxNewTokens",
      `must be a non-negative integer, got ${o.maxNewTokens}`,
    );
  }
  if (!(temperature >= 0))
    throw new ModelInputError("temperature", `must be ≥ 0, got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0)
    throw new ModelInputError("topK", `must be an integer ≥ 0, got ${topK}`);
  if (!(topP > 0 && topP <= 1)) throw new ModelInputError("topP", `must be in (0, 1], got ${topP}`);
  o.prompts.forEach((p, s) => {
    if (p.length < 1 || p.length > ctx) {
      throw new ModelInputError(`prompts[${s}]`, `length ${p.length} is outside [1, ${ctx}]`);
    }
    for (let i = 0; i < p.length; i++) {
      if (!(Number.isInteger(p[i]) && p[i] >= 0 && p[i] < V)) {
        throw new ModelInputError(`prompts[${s}]`, `id ${p[i]} at ${i} is outside [0, ${V})`);
      }
    }
  });
}
