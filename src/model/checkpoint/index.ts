export {
  CHECKPOINT_FILES,
  type Checkpoint,
  type CheckpointContents,
  checkTensorShapes,
  type ReadCheckpointDirOptions,
  readCheckpointDir,
  writeCheckpointDir,
} from "./checkpoint-dir.js";
export { CheckpointFormatError } from "./checkpoint-format-error.js";
export { CheckpointMismatchError, type ShapeMismatch } from "./checkpoint-mismatch-error.js";
export { NotACheckpointDirError } from "./not-a-checkpoint-dir-error.js";
export { type DecodedSafetensors, decodeSafetensors, readSafetensors } from "./read-safetensors.js";
export {
  type LoadedTensor,
  READABLE_DTYPES,
  type ReadableDtype,
  SAFETENSORS_DTYPE_SIZES,
  type Tensor,
  type TensorMap,
} from "./tensor.js";
export { encodeSafetensors, writeSafetensors } from "./write-safetensors.js";
