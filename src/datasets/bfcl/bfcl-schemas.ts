import { z } from "zod";

/** A BFCL parameter schema: Python-flavoured types, validated loosely and kept whole. */
const BfclParamSchema = z.looseObject({ type: z.string().optional() });

/** A function document as BFCL writes it (`parameters.type` is `"dict"`). */
export const BfclFunctionSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: z.looseObject({
    type: z.string(),
    properties: z.record(z.string(), BfclParamSchema).default({}),
    required: z.array(z.string()).optional(),
  }),
});

/** One line of `BFCL_v4_<category>.json`. */
export const BfclQuestionLineSchema = z.object({
  id: z.string().min(1),
  /** Turns, each a list of messages; the single-turn categories have one. */
  question: z
    .array(z.array(z.object({ role: z.enum(["system", "user"]), content: z.string() })).min(1))
    .min(1),
  function: z.array(BfclFunctionSchema).min(1),
});

/** One line of `possible_answer/BFCL_v4_<category>.json`: `[{function: {param: [allowed…]}}]`. */
export const BfclAnswerLineSchema = z.object({
  id: z.string().min(1),
  ground_truth: z
    .array(
      z
        .record(z.string(), z.record(z.string(), z.array(z.unknown())))
        .refine((call) => Object.keys(call).length === 1, "each call names exactly one function"),
    )
    .min(1),
});
