import { z } from "zod";
import { TRAIN_ALGOS } from "./train-config.js";

/**
 * Where a run stands after `step` optimizer steps: with the weights, the optimizer moments
 * and the config, everything `--resume` needs to continue bit-identically. Written to each
 * checkpoint as trainer-state.json.
 */
export const trainStateSchema = z
  .object({
    format: z.literal("toolgym-train-state/1"),
    algo: z.enum(TRAIN_ALGOS),
    /** Optimizer steps completed. */
    step: z.number().int().nonnegative(),
    /** AdamW's bias-correction step count (equals `step` unless the run began from a resume). */
    optimizerSteps: z.number().int().nonnegative(),
    /**
     * The random streams: every draw of step s comes from `deriveSeed(seed, stream, s)`, so
     * the seed and `step` are the whole generator state (see derive-seed.ts).
     */
    rng: z.object({ seed: z.number().int().nonnegative(), nextStep: z.number().int() }),
    /** Position in the prepared data: the epoch and the next example of its shuffled order. */
    dataCursor: z.object({
      epoch: z.number().int().nonnegative(),
      index: z.number().int().nonnegative(),
    }),
    /** Training tokens seen so far (loss-mask tokens). */
    tokensSeen: z.number().int().nonnegative(),
    /** Wall time spent training before this checkpoint, seconds. */
    elapsedSeconds: z.number().nonnegative(),
  })
  .strict();

export type TrainState = z.infer<typeof trainStateSchema>;

export function initialTrainState(algo: TrainState["algo"], seed: number): TrainState {
  return {
    format: "toolgym-train-state/1",
    algo,
    step: 0,
    optimizerSteps: 0,
    rng: { seed, nextStep: 0 },
    dataCursor: { epoch: 0, index: 0 },
    tokensSeen: 0,
    elapsedSeconds: 0,
  };
}
