import { AdamW, Gpt, type MatmulKernel, type ModelConfig } from "../../model/index.js";

export interface MeasureStepSecondsOptions {
  /** The shape of the model the run will train. */
  readonly config: ModelConfig;
  /** Sequences of the measured batch. */
  readonly B: number;
  /** Tokens per sequence (at most `config.ctx`). */
  readonly T: number;
  /** Timed repeats after one untimed warm-up; the median is returned. */
  readonly repeats?: number;
  readonly kernel?: MatmulKernel;
  /** Injectable clock in milliseconds (tests). */
  readonly now?: () => number;
}

/**
 * Seconds one training step of a model of this shape takes here and now: forward, backward and
 * an AdamW update of `B` sequences of `T` tokens (fixed, non-random ids: the cost does not depend
 * on them), the median of `repeats` after a warm-up. The demo sizes its stages with it: it
 * measures this machine as it is, its load included, where a rate measured elsewhere would not.
 */
export function measureStepSeconds({
  config,
  B,
  T,
  repeats = 3,
  kernel,
  now = () => performance.now(),
}: MeasureStepSecondsOptions): number {
  const model = new Gpt({ config, kernel });
  const optimizer = new AdamW({ model });
  const N = B * T;
  const tokens = Int32Array.from({ length: N }, (_, i) => (i * 7919) % config.vocabSize);
  const targets = Int32Array.from({ length: N }, (_, i) => (i * 104729) % config.vocabSize);
  const dLogprobs = new Float32Array(N).fill(-1 / N);
  const step = () => {
    model.zeroGrad();
    model.forward({ tokens, targets, B, T });
    model.backward(dLogprobs);
    optimizer.step({ lr: 0 });
  };
  step();
  const seconds: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = now();
    step();
    seconds.push((now() - started) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return seconds[Math.floor(seconds.length / 2)];
}
