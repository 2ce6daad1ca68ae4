// The built-in model's public API: the GPT, its optimizer pieces, the sampler, checkpoints,
// the matrix kernels, the tokenizer and the safetensors codec.
export * from "./checkpoint/index.js";
export { ModelInputError } from "./errors/model-input-error.js";
export { type ForwardInput, type ForwardOutput, Gpt, type GptOptions } from "./gpt.js";
export { describeKernel } from "./kernels/describe-kernel.js";
export { GemmArgumentError } from "./kernels/gemm-argument-error.js";
export type { GemmParams, MatmulKernel } from "./kernels/kernel.js";
export { KernelUnavailableError } from "./kernels/kernel-unavailable-error.js";
export { type KernelName, type LoadKernelOptions, loadKernel } from "./kernels/load-kernel.js";
export { portableKernel } from "./kernels/portable-kernel.js";
export { maskedMeanNll } from "./masked-mean-nll.js";
export {
  type LoadedModel,
  type LoadModelOptions,
  loadModel,
  modelDir,
  type SaveModelOptions,
  saveModel,
} from "./model-checkpoint.js";
export {
  fromHfGpt2Config,
  type HfGpt2Config,
  hfGpt2ConfigSchema,
  type ModelConfig,
  modelConfigSchema,
  toHfGpt2Config,
} from "./model-config.js";
export {
  AdamW,
  type AdamWOptions,
  clipGradNorm,
  type WarmupCosineLr,
  warmupCosineLr,
} from "./optimizer.js";
export {
  type NamedTensor,
  namedParameters,
  type ParameterSpec,
  parameterCount,
  parameterLayout,
} from "./parameter-layout.js";
export type { PickedToken, SamplingSettings } from "./sampler/pick-token.js";
export { type GenerateOptions, type Generation, Sampler } from "./sampler/sampler.js";
export { SeededRng } from "./seeded-rng.js";
export * from "./tokenizer/index.js";
