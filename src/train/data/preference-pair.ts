import { z } from "zod";
import { MessageSchema, ToolSpecSchema, TrajectoryTokensSchema } from "../../core/index.js";

/**
 * Two trajectories of the same environment, the better-rewarded one chosen, for DPO — a JSONL
 * record:
 *
 * ```json
 * {"id": "env-7#pair0", "env_id": "env-7", "tools": [ToolSpec…],
 *  "prompt": [system, user], "chosen": [assistant, tool, …], "rejected": [assistant, …],
 *  "chosen_reward": 1, "rejected_reward": 0.25,
 *  "chosen_tokens": {"ids": […], "logprobs": […], "loss_mask": […]}, "rejected_tokens": {…}}
 * ```
 *
 * `prompt` is the environment's opening (the messages before the first assistant turn);
 * `chosen`/`rejected` continue it. `*_tokens` are the trajectories' own sampled tokens (prompt
 * included) when a built-in model produced them: training then uses exactly those tokens
 * instead of a re-rendering of the messages.
 */
export const PreferencePairSchema = z.object({
  id: z.string().min(1),
  env_id: z.string(),
  tools: z.array(ToolSpecSchema).default([]),
  prompt: z.array(MessageSchema).min(1),
  chosen: z.array(MessageSchema).min(1),
  rejected: z.array(MessageSchema).min(1),
  chosen_reward: z.number(),
  rejected_reward: z.number(),
  chosen_tokens: TrajectoryTokensSchema.optional(),
  rejected_tokens: TrajectoryTokensSchema.optional(),
});
export type PreferencePair = z.infer<typeof PreferencePairSchema>;
