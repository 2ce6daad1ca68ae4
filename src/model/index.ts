// The built-in model's public API: the GPT, its optimizer pieces, the sampler, checkpoints,
// the matrix kernels, the tokenizer and the safetensors codec.
export {
  CHECKPOINT_FILES,
  type Checkpoint,
  type CheckpointContents,
  CheckpointFormatError,
  CheckpointMismatchError,
  checkTensorShapes,
  type DecodedSafetensors,
  decodeSafetensors,
  encodeSafetensors,
  type LoadedTensor,
  NotACheckpointDirError,
  READABLE_DTYPES,
  type ReadableDtype,
  type ReadCheckpointDirOptions,
  readCheckpointDir,
  readSafetensors,
  SAFETENSORS_DTYPE_SIZES,
  type ShapeMismatch,
  type Tensor,
  type TensorMap,
  writeCheckpointDir,
  writeSafetensors,
} from "./checkpoint/index.js";
export { ModelInputError } from "./errors/model-input-error.js";
export { type ForwardInput, type ForwardOutput, Gpt, type GptOptions } from "./gpt.js";
export { GemmArgumentError } from "./kernels/gemm-argument-error.js";
export type { GemmParams, MatmulKernel } from "./kernels/kernel.js";
export { KernelUnavailableError } from "./kernels/kernel-unavailable-error.js";
export {
  describeKernel,
  type KernelName,
  type LoadKernelOptions,
  loadKernel,
} from "./kernels/load-kernel.js";
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
export {
  DecodeEngine,
  type DecodeEngineOptions,
  type DecodeEngineStats,
  type DecodeRequest,
  type Generation,
} from "./sampler/decode-engine.js";
export type { PickedToken, SamplingSettings } from "./sampler/pick-token.js";
export { type GenerateOptions, Sampler } from "./sampler/sampler.js";
export { SeededRng } from "./seeded-rng.js";
export {
  type AddedToken,
  byteToUnicode,
  DEFAULT_SPECIAL_TOKENS,
  type DecodeOptions,
  type DigitSplitting,
  type EncodeOptions,
  GPT2_INDIVIDUAL_DIGITS_PATTERN,
  GPT2_PATTERN,
  loadTokenizer,
  parseTokenizerJson,
  preTokenizerPattern,
  SEPARATE_SPACES_PATTERN,
  type SpaceSplitting,
  saveTokenizer,
  Tokenizer,
  TokenizerFormatError,
  type TokenizerJson,
  type TokenizerSpec,
  type TrainBpeOptions,
  tokenizerJsonText,
  toTokenizerJson,
  trainBpe,
  unicodeToByte,
} from "./tokenizer/index.js";
