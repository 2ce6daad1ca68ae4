import { z } from "zod";
import { SCENARIOS } from "../core/index.js";

/**
 * What `toolgym envs build` writes beside its output (`FILE.stats.json`): how the file was
 * built and what was rejected on the way, so `envs stats` can report rejections by reason.
 * No timings, so two identical builds write identical sidecars too.
 */
export const BuildSidecarSchema = z.object({
  backend: z.string(),
  count: z.number().int().nonnegative(),
  seed: z.number(),
  scenarios: z.array(z.enum(SCENARIOS)),
  complexity: z.record(z.string(), z.number()),
  split: z
    .object({
      split: z.enum(["train", "test"]),
      testFraction: z.number(),
      holdOutFamilies: z.array(z.string()),
      holdOutPhrasings: z.boolean(),
    })
    .nullable(),
  attempts: z.number().int().nonnegative(),
  rejections: z.record(z.string(), z.number().int().nonnegative()),
});
export type BuildSidecar = z.infer<typeof BuildSidecarSchema>;

/** The sidecar's path for an output file. */
export function buildSidecarPath(file: string): string {
  return `${file}.stats.json`;
}
