import type { Generation, Sampler } from "../model/index.js";
import { SeededRng } from "../model/index.js";

export interface BuiltinBatcherOptions {
  readonly sampler: Sampler;
  /** Sequences per `Sampler.generate` call at most; 1 samples every request alone. */
  readonly maxBatch: number;
  /**
   * Padded prompt tokens per call at most (sequences × longest prompt; one request always
   * goes). The prefill runs the training forward pass over the whole padded batch, whose
   * activations stay in the model's arena (at most 4 GiB, never freed): this bounds them.
   */
  readonly maxBatchTokens: number;
  readonly maxNewTokens: number;
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
  readonly stopSequences: readonly (readonly number[])[];
  /** Seeds the stream of per-call sampler seeds. */
  readonly seed: number;
}

/** What the batcher has done so far, for throughput figures. */
export interface BuiltinBatcherStats {
  /** `Sampler.generate` calls. */
  generateCalls: number;
  /** Sequences sampled (one per request). */
  sequences: number;
  /** Prompt tokens prefilled and new tokens sampled. */
  promptTokens: number;
  sampledTokens: number;
  /** Wall time inside `Sampler.generate`, milliseconds. */
  generateMs: number;
}

interface Pending {
  prompt: readonly number[];
  resolve: (generation: Generation) => void;
  reject: (error: unknown) => void;
}

/**
 * Micro-batching of one model's sampling. The Policy interface is one conversation per call,
 * but `runRollouts` plays many episodes at once: requests that arrive while the event loop is
 * busy (every episode whose tool calls were just answered asks for its next turn in the same
 * tick) are collected until the tick ends (`setImmediate`) and sampled together in one batched
 * `Sampler.generate`, whose matrix products then work on `maxBatch` rows instead of one.
 *
 * Each generate call gets the next seed of a stream seeded by `seed`, so a run is reproducible
 * when its requests arrive in the same batches. Sampling with a temperature draws from one
 * random stream per batch, so a batched run does not draw what the same requests one by one
 * would; greedy decoding (temperature 0) gives the same tokens either way.
 */
export class BuiltinBatcher {
  readonly stats: BuiltinBatcherStats = {
    generateCalls: 0,
    sequences: 0,
    promptTokens: 0,
    sampledTokens: 0,
    generateMs: 0,
  };
  private readonly options: BuiltinBatcherOptions;
  private readonly seeds: SeededRng;
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(options: BuiltinBatcherOptions) {
    this.options = options;
    this.seeds = new SeededRng(options.seed);
  }

  /** Samples one continuation of `prompt` (at most ctx − 1 ids long). */
  generate(prompt: readonly number[]): Promise<Generation> {
    return new Promise<Generation>((resolve, reject) => {
      this.queue.push({ prompt, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const { sampler, maxNewTokens, temperature, topK, topP, stopSequences } = this.options;
    // Prompts of like length go together: the prefill pads each batch to its longest prompt.
    // (Array sort is stable, so equal lengths keep their arrival order: still deterministic.)
    this.queue.sort((a, b) => a.prompt.length - b.prompt.length);
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.nextBatchSize());
      const started = performance.now();
      let generations: Generation[];
      try {
        generations = sampler.generate({
          prompts: batch.map((p) => p.prompt),
          maxNewTokens,
          temperature,
          topK,
          topP,
          stopSequences,
          seed: this.seeds.nextUint32(),
        });
      } catch (error) {
        for (const pending of batch) pending.reject(error);
        continue;
      }
      const { stats } = this;
      stats.generateMs += performance.now() - started;
      stats.generateCalls++;
      stats.sequences += batch.length;
      batch.forEach((pending, i) => {
        stats.promptTokens += pending.prompt.length;
        stats.sampledTokens += generations[i].tokens.length;
        pending.resolve(generations[i]);
      });
    }
  }

  /** How many of the queue's first (shortest) requests the next call takes. */
  private nextBatchSize(): number {
    const { maxBatch, maxBatchTokens } = this.options;
    let n = 1;
    while (
      n < Math.min(maxBatch, this.queue.length) &&
      (n + 1) * this.queue[n].prompt.length <= maxBatchTokens
    ) {
      n++;
    }
    return n;
  }
}
