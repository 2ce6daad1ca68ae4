export { checkTensorShapes } from "./check-tensor-shapes.js";
export { CHECKPOINT_FILES } from "./checkpoint-files.js";
export { CheckpointFormatError } from "./checkpoint-format-error.js";
export { CheckpointMismatchError, type ShapeMismatch } from "./checkpoint-mismatch-error.js";
export { type DecodedSafetensors, decodeSafetensors } from "./decode-safetensors.js";
export { encodeSafetensors } from "./encode-safetensors.js";
export { NotACheckpointDirError } from "./not-a-checkpoint-dir-error.js";
export {
  type Checkpoint,
  type ReadCheckpointDirOptions,
  readCheckpointDir,
} from "./read-checkpoint-dir.js";
export { readSafetensors } from "./read-safetensors.js";
export {
  READABLE_DTYPES,
  type ReadableDtype,
  SAFETENSORS_DTYPE_SIZES,
} from "./safetensors-dtype.js";
export type { LoadedTensor, Tensor, TensorMap } from "./tensor.js";
export { type CheckpointContents, writeCheckpointDir } from "./write-checkpoint-dir.js";
export { writeSafetensors } from "./write-safetensors.js";
