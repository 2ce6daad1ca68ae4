import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DataFormatError, issuePath } from "../../core/index.js";
import {
  type Gpt,
  loadModel,
  type MatmulKernel,
  readSafetensors,
  type Tokenizer,
} from "../../model/index.js";
import { TRAIN_CHECKPOINT_FILES } from "./train-checkpoint-files.js";
import { type TrainState, trainStateSchema } from "./train-state.js";

export interface TrainCheckpoint {
  readonly model: Gpt;
  readonly tokenizer: Tokenizer;
  /** AdamW's moments, to copy into a fresh optimizer of `model`. */
  readonly moments: { readonly m: Float32Array; readonly v: Float32Array };
  readonly state: TrainState;
}

/**
 * Reads a checkpoint written by `saveTrainCheckpoint`.
 *
 * @throws DataFormatError naming the file and field when trainer-state.json or the moments
 *   do not fit (and the model module's checkpoint errors for the model files)
 */
export async function loadTrainCheckpoint(
  dir: string,
  options: { kernel?: MatmulKernel } = {},
): Promise<TrainCheckpoint> {
  const statePath = join(dir, TRAIN_CHECKPOINT_FILES.state);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(statePath, "utf8"));
  } catch (error) {
    throw new DataFormatError({ file: statePath, reason: (error as Error).message });
  }
  const parsed = trainStateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DataFormatError({
      file: statePath,
      field: issuePath(parsed.error),
      reason: parsed.error.issues[0]?.message ?? "not a trainer state",
    });
  }
  const { model, tokenizer } = await loadModel(dir, options);
  if (tokenizer === undefined) {
    throw new DataFormatError({ file: join(dir, "tokenizer.json"), reason: "missing" });
  }
  const optimizerPath = join(dir, TRAIN_CHECKPOINT_FILES.optimizer);
  const { tensors } = await readSafetensors(optimizerPath);
  const n = model.params.length;
  for (const name of ["m", "v"] as const) {
    if (tensors[name]?.data.length !== n) {
      throw new DataFormatError({
        file: optimizerPath,
        field: name,
        reason: `expected ${n} floats (the model's parameters), got ${tensors[name]?.data.length ?? "none"}`,
      });
    }
  }
  return {
    model,
    tokenizer,
    moments: { m: tensors.m.data, v: tensors.v.data },
    state: parsed.data,
  };
}
