import { ModelInputError } from "../errors/model-input-error.js";
import type { Gpt } from "../gpt.js";
import { SeededRng } from "../seeded-rng.js";
import { DecodeBuffers, gptDecode } from "./gpt-decode.js";
import { KvCache } from "./kv-cache.js";
import { PickScratch, pickToken } from "./pick-token.js";

/** One sequence to sample. */
export interface DecodeRequest {
  /** Token ids, at least one, at most the context length. */
  readonly prompt: ArrayLike<number>;
  /** New tokens at most; generation also stops when prompt + output reach ctx. */
  readonly maxNewTokens: number;
  /** 0 = greedy. */
  readonly temperature: number;
  /** 0 = off. */
  readonly topK: number;
  /** 1 = off. */
  readonly topP: number;
  /** Token-id sequences; the sequence ends once its output ends with one of them (included). */
  readonly stopSequences: readonly ArrayLike<number>[];
  /**
   * Seed of this sequence's own random stream, so that its draws do not depend on which other
   * sequences it happens to be decoded with.
   */
  readonly seed: number;
  /** Receives the finished generation, at the end of the `step` that finished it. */
  readonly onDone: (generation: Generation) => void;
  /**
   * Receives what made a step throw (the matrix kernel failing, memory running out): every
   * waiting and running sequence gets it, and the engine starts over empty.
   */
  readonly onError: (error: unknown) => void;
}

export interface Generation {
  /** Sampled ids, the stop sequence that ended it included. */
  readonly tokens: Int32Array;
  /** log p(token | prefix) under the raw model at temperature 1, untruncated (for RL losses). */
  readonly logprobs: Float32Array;
  /** log q(token | prefix) under the distribution sampled from (temperature, top-k, top-p). */
  readonly samplingLogprobs: Float32Array;
  readonly finishReason: "stop" | "length";
  /** Prompt ids whose keys and values came from the cache instead of being computed. */
  readonly cachedTokens: number;
}

/** What an engine has done since it was made. */
export interface DecodeEngineStats {
  /** Forward steps (`step` calls that fed anything). */
  steps: number;
  /** Prompt tokens computed (prefilled). */
  prefilledTokens: number;
  /** Prompt tokens whose keys and values were taken from the cache instead. */
  reusedTokens: number;
  /** Tokens sampled. */
  sampledTokens: number;
}

export interface DecodeEngineOptions {
  /** Sequences the KV cache holds: running ones and finished ones kept for their prefixes. */
  readonly slots: number;
  /** Tokens one step feeds at most (prompt runs and decoding rows together); default 1024. */
  readonly rows?: number;
}

interface Slot {
  /** The ids whose keys and values the cache holds at positions 0 … ids.length − 1. */
  ids: number[];
  /** The sequence extending it, or undefined when the slot is free to reuse. */
  seq: Sequence | undefined;
  /** When it was last released (engine clock), for least-recently-used reuse. */
  released: number;
}

interface Sequence {
  readonly request: DecodeRequest;
  readonly slot: number;
  /** Ids still to feed, at positions from the slot's length: the rest of the prompt, or the
   * token just sampled. */
  feed: number[];
  readonly tokens: number[];
  readonly logprobs: number[];
  readonly samplingLogprobs: number[];
  readonly budget: number;
  readonly rng: SeededRng;
  finishReason: "stop" | "length";
  cachedTokens: number;
}

/**
 * A newcomer waits a step for a prefix a joining sequence is about to compute when that prefix
 * is at least this many ids longer than the best one cached now.
 */
const WAIT_MIN = 4;

/**
 * Continuous batching over a KV cache with prefix reuse: sequences join and leave between
 * steps, and each step feeds every running sequence's pending ids — a whole prompt run for one
 * that just joined, one sampled token for one that is decoding — in one batched forward pass
 * (`gptDecode`), then samples the next token of each sequence whose feed is done.
 *
 * A new sequence starts from the longest prefix of its prompt already in the cache: a finished
 * sequence whose ids its prompt extends (the previous turn of a conversation) is continued in
 * place; another prefix (the prompt of a group of samples of one question) is copied into a
 * free slot. When the best prefix is one a sequence joining in the same step is about to compute,
 * the newcomer waits one step for it rather than computing it again. Free slots are reused
 * least recently released first.
 *
 * Cached prefixes belong to the weights they were computed with: the engine forgets them all
 * when it finds the weights changed (see `checkWeights`).
 *
 * Deterministic: the same requests submitted between the same steps give the same output.
 * Each sequence draws from its own seeded stream, so its samples do not depend on the others'
 * draws; its logits may still differ from another batching's in the last bits, as matrix
 * kernels may round differently for another number of rows.
 */
export class DecodeEngine {
  readonly stats: DecodeEngineStats = {
    steps: 0,
    prefilledTokens: 0,
    reusedTokens: 0,
    sampledTokens: 0,
  };
  readonly slotCount: number;
  private readonly model: Gpt;
  private readonly cache: KvCache;
  private readonly bufs: DecodeBuffers;
  private readonly pick: PickScratch;
  private readonly slots: Slot[];
  private waiting: DecodeRequest[] = [];
  private running: Sequence[] = [];
  private clock = 0;
  /** `weightsHash` of the weights the cached keys and values were computed with. */
  private cachedWith: number | undefined;

  /**
   * The engine of `model` that this process shares (its cache and buffers live in the model's
   * arena, which never frees), made with at least `slots` slots: a smaller one is replaced
   * when it is idle. A busy smaller one is returned as it is: its requests then wait for slots.
   */
  static forModel(model: Gpt, options: DecodeEngineOptions): DecodeEngine {
    let engine = engines.get(model);
    if (engine === undefined || (engine.slotCount < options.slots && !engine.busy)) {
      const slots = Math.max(options.slots, 2 * (engine?.slotCount ?? 0));
      engine = new DecodeEngine(model, { ...options, slots });
      engines.set(model, engine);
    }
    return engine;
  }

  constructor(model: Gpt, { slots, rows = 1024 }: DecodeEngineOptions) {
    if (!Number.isInteger(slots) || slots < 1) {
      throw new ModelInputError("slots", `must be a positive integer, got ${slots}`);
    }
    this.model = model;
    this.slotCount = slots;
    const { config, arena } = model;
    this.cache = new KvCache(config, slots, arena);
    this.bufs = new DecodeBuffers(config, Math.max(rows, slots), slots, arena);
    this.pick = new PickScratch(config.vocabSize);
    this.slots = Array.from({ length: slots }, () => ({ ids: [], seq: undefined, released: -1 }));
  }

  /** Whether any sequence is waiting or running. */
  get busy(): boolean {
    return this.waiting.length > 0 || this.running.length > 0;
  }

  /**
   * Queues a sequence; it joins at the next `step` with a free slot.
   * @throws ModelInputError for a prompt or setting the model cannot take
   */
  submit(request: DecodeRequest): void {
    checkSettings(request);
    checkPrompt(request.prompt, "prompt", this.model.config.vocabSize, this.model.config.ctx);
    this.waiting.push(request);
  }

  /**
   * One forward step over every running sequence (see the class); calls `onDone` of those it
   * finished, or `onError` of every sequence if the step failed.
   */
  step(): void {
    const done: Sequence[] = [];
    try {
      this.admit(done);
      const withLogits = this.feedRows();
      if (withLogits.length > 0) this.sample(withLogits, done);
    } catch (error) {
      const requests = [...this.running.map((seq) => seq.request), ...this.waiting];
      this.running = [];
      this.waiting = [];
      for (const slot of this.slots) [slot.ids, slot.seq] = [[], undefined];
      for (const request of requests) request.onError(error);
      return;
    }
    for (const seq of done) {
      seq.request.onDone({
        tokens: Int32Array.from(seq.tokens),
        logprobs: Float32Array.from(seq.logprobs),
        samplingLogprobs: Float32Array.from(seq.samplingLogprobs),
        finishReason: seq.finishReason,
        cachedTokens: seq.cachedTokens,
      });
    }
  }

  /** Gives waiting requests free slots, each starting from its best cached prefix. */
  private admit(done: Sequence[]): void {
    const { ctx } = this.model.config;
    if (this.waiting.length === 0) return;
    if (this.running.length === 0) this.checkWeights();
    const kept: DecodeRequest[] = [];
    // What the cache is about to hold: the prompts of sequences joining in this step, and the
    // rest of those still prefilling.
    const joining: (readonly number[])[] = this.running
      .filter((seq) => seq.feed.length > 1)
      .map((seq) => [...this.slots[seq.slot].ids, ...seq.feed]);
    for (const request of this.waiting) {
      const prompt = Array.from(request.prompt);
      const budget = Math.min(request.maxNewTokens, ctx - prompt.length);
      const seq: Sequence = {
        request,
        slot: -1,
        feed: [],
        tokens: [],
        logprobs: [],
        samplingLogprobs: [],
        budget,
        rng: new SeededRng(request.seed),
        finishReason: "length",
        cachedTokens: 0,
      };
      if (budget <= 0) {
        done.push(seq);
        continue;
      }
      // The last prompt id is always fed: its logits give the first sample.
      const most = prompt.length - 1;
      let source = -1;
      let shared = 0;
      this.slots.forEach((slot, j) => {
        const n = Math.min(commonPrefix(slot.ids, prompt), most);
        if (n > shared) [source, shared] = [j, n];
      });
      const upcoming = Math.max(0, ...joining.map((p) => Math.min(commonPrefix(p, prompt), most)));
      const target = this.freeSlot(source, shared);
      if (target < 0 || upcoming >= shared + WAIT_MIN) {
        kept.push(request);
        continue;
      }
      const slot = this.slots[target];
      if (target !== source && shared > 0) this.cache.copyPrefix(source, target, shared);
      slot.ids = prompt.slice(0, shared);
      slot.seq = { ...seq, slot: target, feed: prompt.slice(shared), cachedTokens: shared };
      this.running.push(slot.seq);
      this.stats.reusedTokens += shared;
      joining.push(prompt);
    }
    this.waiting = kept;
  }

  /**
   * Forgets every cached prefix if the weights changed since they were computed (a training
   * step between two rollouts): keys and values of old weights would silently sample from a
   * model that no longer exists. Checked whenever the engine starts working after being idle
   * — weights change only between uses — at the cost of one pass over the parameters.
   */
  private checkWeights(): void {
    const hash = weightsHash(this.model.params);
    if (hash === this.cachedWith) return;
    for (const slot of this.slots) [slot.ids, slot.released] = [[], -1];
    this.cachedWith = hash;
  }

  /**
   * The slot a sequence starting from `shared` ids of slot `source` takes: the source itself
   * when it is free and holds exactly those ids (continuing a conversation in place), else the
   * least recently released free slot other than the source, else the free source; -1 if none
   * is free.
   */
  private freeSlot(source: number, shared: number): number {
    if (source >= 0) {
      const slot = this.slots[source];
      if (slot.seq === undefined && slot.ids.length === shared) return source;
    }
    let best = -1;
    this.slots.forEach((slot, j) => {
      if (slot.seq !== undefined || j === source) return;
      if (best < 0 || slot.released < this.slots[best].released) best = j;
    });
    if (best < 0 && source >= 0 && this.slots[source].seq === undefined) return source;
    return best;
  }

  /**
   * Feeds the running sequences' pending ids, in the order they joined, up to the row budget
   * (a long prompt may take several steps), through one `gptDecode`.
   * @returns the sequences whose feed is done, whose logits are in `bufs.logits` in this order
   */
  private feedRows(): Sequence[] {
    const { bufs } = this;
    const withLogits: Sequence[] = [];
    let R = 0;
    for (const seq of this.running) {
      const n = Math.min(seq.feed.length, bufs.rows - R);
      if (n === 0) continue;
      const slot = this.slots[seq.slot];
      for (let i = 0; i < n; i++) {
        bufs.tokens[R + i] = seq.feed[i];
        bufs.seqs[R + i] = seq.slot;
        bufs.positions[R + i] = slot.ids.length + i;
      }
      R += n;
      if (seq.tokens.length === 0) this.stats.prefilledTokens += n;
      for (let i = 0; i < n; i++) slot.ids.push(seq.feed[i]);
      seq.feed = seq.feed.slice(n);
      if (seq.feed.length === 0) {
        bufs.logitIndex[withLogits.length] = R - 1;
        withLogits.push(seq);
      }
    }
    if (R === 0) return withLogits;
    const { model } = this;
    gptDecode({
      kernel: model.kernel,
      arena: model.arena,
      config: model.config,
      params: model.tensors,
      cache: this.cache,
      bufs,
      R,
      nLogits: withLogits.length,
    });
    this.stats.steps++;
    return withLogits;
  }

  /** The next token of each sequence in `withLogits`; finished ones leave for `done`. */
  private sample(withLogits: Sequence[], done: Sequence[]): void {
    const V = this.model.config.vocabSize;
    const finished = new Set<Sequence>();
    withLogits.forEach((seq, i) => {
      const { temperature, topK, topP, stopSequences } = seq.request;
      const pick = pickToken(
        this.bufs.logits.subarray(i * V, (i + 1) * V),
        { temperature, topK, topP },
        seq.rng,
        this.pick,
      );
      seq.tokens.push(pick.token);
      seq.logprobs.push(pick.logprob);
      seq.samplingLogprobs.push(pick.samplingLogprob);
      this.stats.sampledTokens++;
      if (endsWithAny(seq.tokens, stopSequences)) {
        seq.finishReason = "stop";
        finished.add(seq);
      } else if (seq.tokens.length >= seq.budget) {
        finished.add(seq);
      } else {
        seq.feed = [pick.token];
      }
    });
    if (finished.size === 0) return;
    this.running = this.running.filter((seq) => !finished.has(seq));
    for (const seq of finished) {
      const slot = this.slots[seq.slot];
      slot.seq = undefined;
      slot.released = this.clock++;
      done.push(seq);
    }
  }
}

const engines = new WeakMap<Gpt, DecodeEngine>();

/** A 32-bit FNV-1a-style hash of the weights' bits: changes whenever any weight does. */
function weightsHash(params: Float32Array): number {
  const bits = new Int32Array(params.buffer, params.byteOffset, params.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i], 0x01000193);
  return h >>> 0;
}

/** How many leading ids `a` and `b` share. */
function commonPrefix(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

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

/** @throws ModelInputError naming the first sampling setting the model cannot take */
export function checkSettings(settings: {
  readonly maxNewTokens: number;
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
}): void {
  const { maxNewTokens, temperature, topK, topP } = settings;
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 0) {
    throw new ModelInputError(
      "maxNewTokens",
      `must be a non-negative integer, got ${maxNewTokens}`,
    );
  }
  if (!(temperature >= 0))
    throw new ModelInputError("temperature", `must be ≥ 0, got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0)
    throw new ModelInputError("topK", `must be an integer ≥ 0, got ${topK}`);
  if (!(topP > 0 && topP <= 1)) throw new ModelInputError("topP", `must be in (0, 1], got ${topP}`);
}

/** @throws ModelInputError (as `name`) unless `prompt` holds 1 … ctx ids, each in [0, V) */
export function checkPrompt(prompt: ArrayLike<number>, name: string, V: number, ctx: number): void {
  if (prompt.length < 1 || prompt.length > ctx) {
    throw new ModelInputError(name, `length ${prompt.length} is outside [1, ${ctx}]`);
  }
  for (let i = 0; i < prompt.length; i++) {
    if (!(Number.isInteger(prompt[i]) && prompt[i] >= 0 && prompt[i] < V)) {
      throw new ModelInputError(name, `id ${prompt[i]} at ${i} is outside [0, ${V})`);
    }
  }
}
