/**
 * Files a training checkpoint adds to the model's (model.safetensors, config.json,
 * tokenizer.json), and the layout of `OUT/checkpoints`.
 */
export const TRAIN_CHECKPOINT_FILES = {
  /** AdamW's first and second moments, tensors `m` and `v` in the parameter layout. */
  optimizer: "optimizer.safetensors",
  /** `TrainState`: step, data cursor, random streams. */
  state: "trainer-state.json",
  /** In `OUT/checkpoints`: the name of the newest checkpoint, for people and scripts. */
  latest: "latest",
} as const;

/** `step-N`: the checkpoint after N optimizer steps. */
export function stepDirName(step: number): string {
  return `step-${step}`;
}
