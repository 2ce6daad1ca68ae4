import { z } from "zod";

/** A math word problem for the TRICE track. */
export const MathProblemSchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.number(),
  formula: z.string().optional(),
  source: z.string(),
});
export type MathProblem = z.infer<typeof MathProblemSchema>;
