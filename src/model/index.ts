// The built-in model's public API: the GPT, its optimizer pieces, the sampler, checkpoints,
// the matrix kernels, the tokenizer and the safetensors codec.
export * from "./checkpoint/index.js";
export { ModelInputError } from "./errors/model-input-error.js";
export { type ForwardInput, type ForwardOutput, Gpt, type GptOptions } from "./gpt.js";
export {
  fromHfGpt2Config,
  type HfGpt2Config,
  hfGpt2ConfigSchema,
  toHfGpt2Config,
} from "./hf-gpt2-config.js";
export { GemmArgumentError } from "./kernels/gemm-argument-error.js";
export type { GemmParams, MatmulKernel } from "./kernels/kernel.js";
export { KernelUnavailableError } from "./kernels/kernel-unavailable-error.js";
export { type KernelName, type LoadKernelOptions, loadKernel } from "./kernels/load-kernel.js";
export { portableKernel } from "./kernels/portable-kernel.js";
export { type LoadedModel, type LoadModelOptions, loadModel } from "./load-model.js";
export { maskedMeanNll } from "./masked-mean-nll.js";
export { type ModelConfig, modelConfigSchema } from "./model-config.js";
export { type NamedTensor, namedParameters } from "./named-parameters.js";
export { AdamW, type AdamWOptions } from "./optim/adamw.js";
export { clipGradNorm } from "./optim/clip-grad-norm.js";
export { type WarmupCosineLr, warmupCosineLr } from "./optim/warmup-cosine-lr.js";
export { type ParameterSpec, parameterCount, parameterLayout } from "./parameter-layout.js";
export type { PickedToken, SamplingSettings } from "./sampler/pick-token.js";
export { type GenerateOptions, type Generation, Sampler } from "./sampler/sampler.js";
export { type SaveModelOptions, saveModel } from "./save-model.js";
export { SeededRng } from "./seeded-rng.js";
export * from "./tokenizer/index.js";
