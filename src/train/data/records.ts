import { z } from "zod";
import {
  MessageSchema,
  ToolSpecSchema,
  TrajectoryTokensSchema,
  writeFileAtomic,
} from "../../core/index.js";

// The prepared-data records the offline algorithms train on, one JSONL record a line: SFT
// examples, DPO preference pairs, TRICE candidate lists; and writing them.

/**
 * One behavior-cloning example (TRICE Stage I), a JSONL record:
 *
 * ```json
 * {"id": "env-000123", "source": "env", "messages": [Message…], "tools": [ToolSpec…], "meta": {…}}
 * ```
 *
 * `messages` is a whole conversation in OpenAI chat form; rendered with the chat template, the
 * assistant turns are trained and everything else (system, user, tool outputs) is masked.
 * Sources: `env` (an environment's gold plan played by the oracle; meta `env_id`, `scenario`),
 * `gsm8k` / `mawps-asdiv-a` (a math problem in TRICE's format; meta `answer`, `used_tool`).
 */
export const SftExampleSchema = z.object({
  id: z.string().min(1),
  source: z.string(),
  messages: z.array(MessageSchema).min(1),
  tools: z.array(ToolSpecSchema).default([]),
  meta: z.record(z.string(), z.unknown()).default({}),
});
export type SftExample = z.infer<typeof SftExampleSchema>;

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

/** One response to a math question, executed and scored. */
export const TriceCandidateRecordSchema = z.object({
  /** `calculator(<expression>)`, `The answer is <n>.`, or whatever the source wrote. */
  response: z.string(),
  /** Where it came from: `gold`, or the name of the policy that sampled it. */
  source: z.string(),
  /** What the response executes to (env/calculator); null when unreadable or failing. */
  prediction: z.number().nullable(),
  used_tool: z.boolean(),
  /** TRICE's execution score (reward's `triceExecutionScore`): higher is better. */
  score: z.number(),
});
export type TriceCandidateRecord = z.infer<typeof TriceCandidateRecordSchema>;

/**
 * The candidates of one math question for TRICE Stage II (RRHF ranking), a JSONL record:
 *
 * ```json
 * {"id": "gsm8k-train-1", "question": "…", "answer": 72, "gold_used_tool": true,
 *  "candidates": [{"response": "calculator(48+48/2)", "source": "gold", "prediction": 72,
 *                  "used_tool": true, "score": 3}, …]}
 * ```
 */
export const TriceCandidateListSchema = z.object({
  id: z.string().min(1),
  question: z.string(),
  answer: z.number(),
  gold_used_tool: z.boolean(),
  candidates: z.array(TriceCandidateRecordSchema).min(1),
});
export type TriceCandidateList = z.infer<typeof TriceCandidateListSchema>;

/**
 * Writes records as JSONL, one a line, atomically (the file is whole or untouched). Read them
 * back with core's `readJsonl(file, Schema)` and the data builders' schemas.
 */
export function writeJsonlRecords(file: string, records: readonly unknown[]): void {
  writeFileAtomic(file, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
}
