import { DecodeEngine, type Generation, type Gpt, SeededRng } from "../model/index.js";

export interface BuiltinBatcherOptions {
  readonly model: Gpt;
  /** Requests of this batcher decoded at once at most; 1 samples them one after another. */
  readonly maxBatch: number;
  /**
   * Tokens one forward step feeds at most (prompt tokens being prefilled and sampled tokens
   * being decoded): bounds the step's scratch memory in the model's arena (never freed).
   */
  readonly maxBatchTokens: number;
  readonly maxNewTokens: number;
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
  readonly stopSequences: readonly (readonly number[])[];
  /** Seeds the stream of per-request sampling seeds. */
  readonly seed: number;
}

/** What the batcher has done so far, for throughput figures. */
export interface BuiltinBatcherStats {
  /** Forward steps of the engine this batcher ran (another batcher of the model may run some). */
  steps: number;
  /** Sequences sampled (one per request). */
  sequences: number;
  /** Prompt tokens of the requests, whether computed or taken from the cache. */
  promptTokens: number;
  /** Of those, the ones computed (the rest came from the KV cache: a shared or earlier prefix). */
  prefilledTokens: number;
  sampledTokens: number;
  /** Wall time inside the engine steps this batcher ran, milliseconds. */
  generateMs: number;
}

interface Pending {
  prompt: readonly number[];
  resolve: (generation: Generation) => void;
  reject: (error: unknown) => void;
}

/**
 * Batching of one model's sampling. The Policy interface is one conversation per call, but
 * `runRollouts` plays many episodes at once: every request joins the model's `DecodeEngine`
 * (continuous batching over a KV cache), which decodes all running sequences one token per
 * step. Between steps the batcher yields to the event loop (`setImmediate`), so an episode whose
 * turn just ended runs its tools and asks for its next turn while the others keep decoding; that
 * turn joins at the next step, starting from the cached ids of the turn before (its prompt
 * extends them), and a prompt several episodes share (a group of samples) is computed once.
 *
 * Each request gets the next seed of a stream seeded by `seed` and samples from its own random
 * stream, so a run is reproducible when its requests arrive in the same order between the same
 * steps — as they do when everything between steps (the tools) is deterministic.
 */
export class BuiltinBatcher {
  readonly stats: BuiltinBatcherStats = {
    steps: 0,
    sequences: 0,
    promptTokens: 0,
    prefilledTokens: 0,
    sampledTokens: 0,
    generateMs: 0,
  };
  private readonly options: BuiltinBatcherOptions;
  private readonly engine: DecodeEngine;
  private readonly seeds: SeededRng;
  /** Requests beyond `maxBatch`, not yet handed to the engine. */
  private readonly queue: Pending[] = [];
  private inEngine = 0;
  private driving = false;

  constructor(options: BuiltinBatcherOptions) {
    this.options = options;
    // Twice the batch: the finished turns of episodes still playing stay cached for their next.
    this.engine = DecodeEngine.forModel(options.model, {
      slots: 2 * options.maxBatch,
      rows: options.maxBatchTokens,
    });
    this.seeds = new SeededRng(options.seed);
  }

  /** Samples one continuation of `prompt` (at most ctx − 1 ids long). */
  generate(prompt: readonly number[]): Promise<Generation> {
    return new Promise<Generation>((resolve, reject) => {
      this.queue.push({ prompt, resolve, reject });
      this.handOver();
    });
  }

  /**
   * Hands queued requests to the engine, up to `maxBatch` of them in it at once, and makes sure
   * someone steps it. (Another batcher of the same model may be stepping it too: the engine is
   * the model's. Each batcher hands over its own requests as its earlier ones finish.)
   */
  private handOver(): void {
    const { maxNewTokens, temperature, topK, topP, stopSequences, maxBatch } = this.options;
    while (this.queue.length > 0 && this.inEngine < maxBatch) {
      const pending = this.queue.shift()!;
      try {
        this.engine.submit({
          prompt: pending.prompt,
          maxNewTokens,
          temperature,
          topK,
          topP,
          stopSequences,
          seed: this.seeds.nextUint32(),
          onDone: (generation) => this.finish(pending, generation),
          onError: (error) => {
            this.inEngine--;
            pending.reject(error);
            this.handOver();
          },
        });
      } catch (error) {
        pending.reject(error);
        continue;
      }
      this.inEngine++;
      this.stats.promptTokens += pending.prompt.length;
    }
    if (this.inEngine > 0 && !this.driving) {
      this.driving = true;
      setImmediate(() => this.drive());
    }
  }

  private finish(pending: Pending, generation: Generation): void {
    this.inEngine--;
    this.stats.sequences++;
    this.stats.sampledTokens += generation.tokens.length;
    this.stats.prefilledTokens += pending.prompt.length - generation.cachedTokens;
    pending.resolve(generation);
    this.handOver();
  }

  /** Steps the engine while this batcher has requests in it, yielding between steps. */
  private drive(): void {
    if (this.inEngine === 0) {
      this.driving = false;
      return;
    }
    const { engine, stats } = this;
    const before = engine.stats.steps;
    const started = performance.now();
    engine.step();
    stats.generateMs += performance.now() - started;
    stats.steps += engine.stats.steps - before;
    setImmediate(() => this.drive());
  }
}
