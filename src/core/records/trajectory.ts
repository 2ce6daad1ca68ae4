import { z } from "zod";
import { MessageSchema } from "./message.js";

/** One executed call, as the env's call log records it. */
export const CallRecordSchema = z.object({
  turn: z.number().int().nonnegative(),
  id: z.string(),
  name: z.string(),
  /** The parsed arguments, or null when they were not valid JSON. */
  arguments: z.unknown(),
  output: z.string().optional(),
  error: z.string().optional(),
  /** Index of the gold subtask this call solved for the first time, or null. */
  solved: z.number().int().nullable(),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

export const TrajectoryMetricsSchema = z.object({
  solve_p: z.number(),
  solve_r: z.number(),
  solve_f1: z.number(),
  answer_correct: z.boolean(),
  n_calls: z.number().int(),
  n_error_calls: z.number().int(),
  n_turns: z.number().int(),
});
export type TrajectoryMetrics = z.infer<typeof TrajectoryMetricsSchema>;

export const RewardSchema = z.object({
  total: z.number(),
  parts: z.record(z.string(), z.number()),
});
export type Reward = z.infer<typeof RewardSchema>;

/** The sampled tokens of a built-in-model trajectory: training uses exactly these. */
export const TrajectoryTokensSchema = z.object({
  ids: z.array(z.number().int()),
  logprobs: z.array(z.number()),
  /** 1 where the policy produced the token, 0 for prompt and tool-output tokens. */
  loss_mask: z.array(z.number().int()),
});

export const TrajectorySchema = z.object({
  id: z.string(),
  env_id: z.string(),
  scenario: z.string().optional(),
  policy: z.string(),
  messages: z.array(MessageSchema),
  calls: z.array(CallRecordSchema),
  metrics: TrajectoryMetricsSchema,
  reward: RewardSchema,
  /** Why the episode ended. */
  stop: z.enum(["answer", "max_turns", "policy_error"]),
  /** Set when stop is "policy_error": what the operator should look at. */
  error: z.string().optional(),
  tokens: TrajectoryTokensSchema.optional(),
  meta: z.record(z.string(), z.unknown()).default({}),
});
export type Trajectory = z.infer<typeof TrajectorySchema>;
