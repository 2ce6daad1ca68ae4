import { z } from "zod";

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
