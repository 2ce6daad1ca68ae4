import { Arena } from "./arena.js";
import { ModelInputError } from "./errors/model-input-error.js";
import { type ActivationViews, GptActivations } from "./gpt-activations.js";
import { gptBackward } from "./gpt-backward.js";
import { gptForward } from "./gpt-forward.js";
import { type GptTensors, gptTensors } from "./gpt-tensors.js";
import type { MatmulKernel } from "./kernels/kernel.js";
import { loadKernel } from "./kernels/load-kernel.js";
import { type CopyHeadActivations, copyHeadBackward, copyHeadForward } from "./layers/copy-head.js";
import { targetLogprobBackward, targetLogprobForward } from "./layers/target-logprob.js";
import { type ModelConfig, modelConfigSchema } from "./model-config.js";
import {
  initGpt2,
  type ParameterSpec,
  parameterCount,
  parameterLayout,
} from "./parameter-layout.js";
import { SeededRng } from "./seeded-rng.js";

export interface GptOptions {
  readonly config: ModelConfig;
  /** Matrix-product implementation; default `loadKernel()` (OpenBLAS if built, else portable). */
  readonly kernel?: MatmulKernel;
  /** Seed of the GPT-2 initialization; ignored when `params` is given. */
  readonly seed?: number;
  /** Initial weights in `parameterLayout` order (copied), e.g. read from a checkpoint. */
  readonly params?: Float32Array;
}

/**
 * Shapes: B = batch, T = time, C = channels, V = vocab.
 */
export interface ForwardInput {
  /** @param tokens (B, T) input ids */
  readonly tokens: Int32Array;
  /** @param targets (B, T) the id whose log-prob is wanted at each position (usually tokens shifted by one) */
  readonly targets: Int32Array;
  /** @param mask (B, T) 0 where a position is padding or must not count; default all 1 */
  readonly mask?: ArrayLike<number>;
  readonly B: number;
  readonly T: number;
  /** Also return the logits (B, T, V). */
  readonly logits?: boolean;
}

export interface ForwardOutput {
  /** (B, T) log p(target | prefix) under the model at temperature 1; 0 where the mask is 0. */
  readonly logprobs: Float32Array;
  /** (B, T, V), only when asked: a view of the model's buffer, valid until the next forward. */
  readonly logits?: Float32Array;
}

/**
 * The built-in GPT (GPT-2 layout) with its parameters, gradients and activation memory.
 *
 * Training is `zeroGrad()`, `forward(batch)` → per-token log-probs, any loss of those log-probs,
 * `backward(∂loss/∂logprobs)`, then an optimizer step (`AdamW`). Variable-length sequences are
 * right-padded and masked: attention is causal, so padding after a position never changes it.
 *
 * Everything the model holds lives in one shared WebAssembly memory (`arena`, at most 4 GiB)
 * that the element-wise kernels work in and the matrix kernel reads; it grows with the largest
 * batch and is released with the model.
 *
 * @example
 * const model = new Gpt({ config: { vocabSize: 512, ctx: 128, dModel: 128, nLayer: 4, nHead: 4 } });
 * const opt = new AdamW({ model });
 * model.zeroGrad();
 * const { logprobs } = model.forward({ tokens, targets, mask, B: 16, T: 128 });
 * const { loss, grad } = maskedMeanNll(logprobs, mask);
 * model.backward(grad);
 * clipGradNorm(model.grads, 1);
 * opt.step({ lr: 3e-4 });
 */
export class Gpt {
  readonly config: ModelConfig;
  readonly kernel: MatmulKernel;
  readonly layout: readonly ParameterSpec[];
  /** Every parameter, flat, in `layout` order. */
  readonly params: Float32Array;
  /** ∂loss/∂params, same layout; accumulated by `backward`, cleared by `zeroGrad`. */
  readonly grads: Float32Array;
  readonly tensors: GptTensors;
  readonly gradTensors: GptTensors;
  /**
   * The memory every parameter, gradient and activation of this model lives in (shared with
   * the sampler's caches): `params` and `grads` are views of it.
   */
  readonly arena: Arena;
  private readonly acts: GptActivations;
  private lastShape: { B: number; T: number } | undefined;

  constructor({ config, kernel = loadKernel(), seed = 0, params }: GptOptions) {
    const parsed = modelConfigSchema.safeParse(config);
    if (!parsed.success) throw new ModelInputError("config", parsed.error.message);
    this.config = parsed.data;
    this.kernel = kernel;
    this.layout = parameterLayout(this.config);
    const count = parameterCount(this.config);
    this.arena = new Arena();
    this.params = this.arena.f32(count);
    this.grads = this.arena.f32(count);
    if (params) {
      if (params.length !== count) {
        throw new ModelInputError(
          "params",
          `expected ${count} floats for this config, got ${params.length}`,
        );
      }
      this.params.set(params);
    } else {
      initGpt2(this.params, this.config, new SeededRng(seed));
    }
    this.tensors = gptTensors(this.params, this.config);
    this.gradTensors = gptTensors(this.grads, this.config);
    this.acts = new GptActivations(this.config, this.arena);
  }

  /** Number of parameters (the tied head counted once). */
  get parameterCount(): number {
    return this.params.length;
  }

  zeroGrad(): void {
    this.grads.fill(0);
  }

  forward(input: ForwardInput): ForwardOutput {
    const { B, T } = input;
    const N = B * T;
    this.checkInput(input);
    const acts = this.acts.forShape(B, T);
    // Copies, in the arena: the kernels need them there, and the caller may reuse its arrays.
    acts.tokens.set(input.tokens);
    acts.targets.set(input.targets);
    const { mask } = input;
    if (mask) for (let n = 0; n < N; n++) acts.mask[n] = mask[n] === 0 ? 0 : 1;
    else acts.mask.fill(1);
    const { kernel, config, arena } = this;
    gptForward({ kernel, wasm: arena.wasm, config, params: this.tensors, acts });
    targetLogprobForward({
      wasm: arena.wasm,
      logprobs: acts.logprobs,
      probs: acts.dlogits,
      logits: acts.logits,
      targets: acts.targets,
      mask: acts.mask,
      N,
      V: config.vocabSize,
    });
    if (config.copyHead === true) {
      copyHeadForward({
        kernel,
        params: this.tensors,
        acts: copyHeadActs(acts),
        z: acts.lnf,
        tokens: acts.tokens,
        targets: acts.targets,
        mask: acts.mask,
        logprobs: acts.logprobs,
        B,
        T,
        C: config.dModel,
      });
    }
    this.lastShape = { B, T };
    const logprobs = acts.logprobs.slice();
    return input.logits ? { logprobs, logits: acts.logits } : { logprobs };
  }

  /**
   * Accumulates ∂loss/∂params into `grads` for the last `forward`.
   * @param dLogprobs (B, T) ∂loss/∂logprob; ignored where the forward's mask was 0
   */
  backward(dLogprobs: ArrayLike<number>): void {
    if (!this.lastShape) throw new ModelInputError("backward", "call forward first");
    const { B, T } = this.lastShape;
    const N = B * T;
    if (dLogprobs.length !== N) {
      throw new ModelInputError("dLogprobs", `expected length B·T = ${N}, got ${dLogprobs.length}`);
    }
    const acts = this.acts.forShape(B, T);
    acts.dlogprobs.set(dLogprobs);
    const { kernel, config, arena } = this;
    if (config.copyHead === true) {
      copyHeadBackward({
        kernel,
        params: this.tensors,
        grads: this.gradTensors,
        acts: copyHeadActs(acts),
        z: acts.lnf,
        tokens: acts.tokens,
        targets: acts.targets,
        mask: acts.mask,
        dlogprobs: acts.dlogprobs,
        B,
        T,
        C: config.dModel,
      });
    }
    targetLogprobBackward({
      wasm: arena.wasm,
      dlogits: acts.dlogits,
      dlogprobs: acts.dlogprobs,
      probs: acts.dlogits,
      targets: acts.targets,
      mask: acts.mask,
      N,
      V: config.vocabSize,
    });
    gptBackward({
      kernel,
      wasm: arena.wasm,
      config,
      params: this.tensors,
      grads: this.gradTensors,
      acts,
    });
  }

  private checkInput({ tokens, targets, mask, B, T, logits }: ForwardInput): void {
    const { vocabSize: V, ctx } = this.config;
    const N = B * T;
    if (!Number.isInteger(B) || !Number.isInteger(T) || B < 1 || T < 1) {
      throw new ModelInputError("B, T", `must be positive integers, got ${B}, ${T}`);
    }
    if (T > ctx) throw new ModelInputError("T", `${T} exceeds the context length ${ctx}`);
    if (logits === true && this.config.copyHead === true) {
      throw new ModelInputError(
        "logits",
        "a model with a copy head has no logits of its own (its distribution mixes in copying): use logprobs",
      );
    }
    for (const [name, arr] of [
      ["tokens", tokens],
      ["targets", targets],
      ["mask", mask],
    ] as const) {
      if (arr && arr.length !== N) {
        throw new ModelInputError(name, `expected length B·T = ${N}, got ${arr.length}`);
      }
    }
    for (let n = 0; n < N; n++) {
      if (!(tokens[n] >= 0 && tokens[n] < V)) {
        throw new ModelInputError("tokens", `id ${tokens[n]} at ${n} is outside [0, ${V})`);
      }
      if (mask?.[n] !== 0 && !(targets[n] >= 0 && targets[n] < V)) {
        throw new ModelInputError("targets", `id ${targets[n]} at ${n} is outside [0, ${V})`);
      }
    }
  }
}

function copyHeadActs(acts: ActivationViews): CopyHeadActivations {
  return {
    q: acts.copyQ,
    k: acts.copyK,
    alpha: acts.copyAlpha,
    gate: acts.copyGate,
    vocabLogprob: acts.copyVocabLogprob,
    copyProb: acts.copyProb,
    dk: acts.copyDk,
    dz: acts.copyDz,
    kn: acts.copyKn,
    pointed: acts.copyPointed,
    pointedGrad: acts.copyPointedGrad,
  };
}
