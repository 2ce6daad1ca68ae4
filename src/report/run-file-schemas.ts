import { z } from "zod";
import { CallRecordSchema, MessageSchema, RewardSchema } from "../core/index.js";

// The shapes of the run files the report reads. Each is as loose as the report can afford:
// fields it does not use are ignored (a newer writer may add some), fields it does use are
// checked, so a garbage file fails with its name, line and field instead of a blank chart.

/** A metric value as JSON carries it: NaN and ±Infinity become null in JSON.stringify. */
const MetricValueSchema = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** One line of a training run's metrics.jsonl (`train` and `eval` records, see train/loop). */
export const MetricsLineSchema = z
  .object({ step: z.number().int().nonnegative(), kind: z.string() })
  .catchall(MetricValueSchema);
export type MetricsLine = z.infer<typeof MetricsLineSchema>;

/** A training run's config.json: what the report shows of it; everything else is kept as is. */
export const RunConfigSchema = z.looseObject({
  algo: z.string().optional(),
  steps: z.number().optional(),
  envs: z.string().optional(),
  evalEnvs: z.string().optional(),
  init: z.string().optional(),
  model: z.record(z.string(), z.unknown()).optional(),
});
export type RunConfig = z.infer<typeof RunConfigSchema>;

/**
 * metrics.json of `toolgym eval` (`{envs, policy, overall, by_scenario}`) or of another
 * evaluation (`toolgym math eval`): any JSON object; its numbers are shown as they are.
 */
export const EvalMetricsFileSchema = z.looseObject({
  envs: z.string().optional(),
  policy: z.string().optional(),
});
export type EvalMetricsFile = z.infer<typeof EvalMetricsFileSchema>;

/**
 * One episode of trajectories.jsonl. The messages, calls and reward are core's records; the
 * metrics are any named numbers or booleans, so evaluations other than `toolgym eval` (math
 * problems: `correct`, `used_tool`, …) read too. `tokens` is not kept: the report never shows
 * it and it is most of a built-in model's trajectory.
 */
export const ReportTrajectorySchema = z.object({
  id: z.string(),
  env_id: z.string().optional(),
  scenario: z.string().optional(),
  policy: z.string().optional(),
  messages: z.array(MessageSchema).default([]),
  calls: z.array(CallRecordSchema).default([]),
  metrics: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])).default({}),
  reward: RewardSchema.optional(),
  stop: z.string().optional(),
  error: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).default({}),
});
export type ReportTrajectory = z.infer<typeof ReportTrajectorySchema>;

const BfclCategorySchema = z.looseObject({
  total: z.number().int().nonnegative(),
  correct: z.number().int().nonnegative(),
  accuracy: z.number(),
  skipped: z.number().int().nonnegative().default(0),
  errors: z.record(z.string(), z.number()).default({}),
});

/** bfcl-results.json of `toolgym bfcl --out` (eval/bfcl's BfclRunResult). */
export const BfclResultsFileSchema = z.looseObject({
  policy: z.string(),
  categories: z.record(z.string(), BfclCategorySchema),
  overall: z.looseObject({
    total: z.number().int().nonnegative(),
    correct: z.number().int().nonnegative(),
    accuracy: z.number(),
    meanAccuracy: z.number().optional(),
    skipped: z.number().int().nonnegative().default(0),
  }),
});
export type BfclResultsFile = z.infer<typeof BfclResultsFileSchema>;
