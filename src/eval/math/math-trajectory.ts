import { z } from "zod";
import { MessageSchema } from "../../core/index.js";

/** One calculator call of an episode, executed. */
export const MathCallSchema = z.object({
  turn: z.number().int().nonnegative(),
  /** The expression; null when native arguments held none. */
  expression: z.string().nullable(),
  value: z.number().optional(),
  /** Why there is no value (the model saw `error: <this>`). */
  error: z.string().optional(),
});
export type MathCall = z.infer<typeof MathCallSchema>;

/**
 * One problem played by a policy, a line of `trajectories.jsonl`:
 *
 * ```json
 * {"id": "nluds-0001", "problem_id": "nluds-0001", "policy": "openai:gpt-4o-mini",
 *  "tool_format": "native", "question": "…", "answer": 9, "type": "Addition",
 *  "tool_need": "direct", "messages": [system, user, assistant, tool, assistant],
 *  "calls": [{"turn": 0, "expression": "7+2", "value": 9}], "prediction": 9,
 *  "correct": true, "used_tool": true, "stop": "answer"}
 * ```
 *
 * `tool_need` is what the gold response does (env's `toolNeed`): the selective-tool-use
 * metrics compare it with `used_tool`. `stop`: `answer` (a final message), `max_turns` (still
 * calling when the turns ran out; no prediction).
 */
export const MathTrajectorySchema = z.object({
  id: z.string(),
  problem_id: z.string(),
  policy: z.string(),
  tool_format: z.enum(["native", "text"]),
  question: z.string(),
  answer: z.number(),
  type: z.string().optional(),
  tool_need: z.enum(["tool", "direct", "no-equation"]),
  messages: z.array(MessageSchema),
  calls: z.array(MathCallSchema),
  /** The answer read from the episode (see `runMathEpisode`); null when there is none. */
  prediction: z.number().nullable(),
  correct: z.boolean(),
  used_tool: z.boolean(),
  stop: z.enum(["answer", "max_turns"]),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).optional(),
});
export type MathTrajectory = z.infer<typeof MathTrajectorySchema>;
