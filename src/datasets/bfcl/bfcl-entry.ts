import { z } from "zod";
import type { Message, ToolSpec } from "../../core/index.js";
import type { BfclCategory } from "./bfcl-category.js";

/**
 * One call of a BFCL ground truth: the function and, per parameter, its allowed values (`""`
 * = may be left out). Same shape as reward's `BfclGoldCall`.
 */
export interface BfclGroundTruthCall {
  name: string;
  params: Record<string, unknown[]>;
}

/** One BFCL test entry, ready for a policy and for the AST checker. */
export interface BfclEntry {
  id: string;
  category: BfclCategory;
  /**
   * The first turn of BFCL's `question`, which is all the leaderboard sends in single-turn
   * categories: system, user and (in some live entries) assistant messages.
   */
  messages: Message[];
  /** BFCL's function documents as OpenAI tools (`fromBfclFunction`); empty in a few live entries. */
  tools: ToolSpec[];
  /** The calls that answer the entry; empty for irrelevance and relevance, which have none. */
  groundTruth: BfclGroundTruthCall[];
}

/** A record of a BFCL file that could not be used, and why: reported, skipped, counted. */
export interface BfclSkippedEntry {
  category: BfclCategory;
  /** The file the fault is in (the question file, or the possible-answer file). */
  file: string;
  /** 1-based line in `file`, when the fault is on one line. */
  line?: number;
  /** The entry's id, when it could be read. */
  id?: string;
  /** What is wrong, naming the field (`function.0.name: …`). */
  reason: string;
}

/** A function document as BFCL writes it (`parameters.type` is `"dict"`); kept whole. */
export const BfclFunctionSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: z.looseObject({
    type: z.string(),
    properties: z.record(z.string(), z.looseObject({})).default({}),
    required: z.array(z.string()).optional(),
  }),
});

const QuestionMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});

/**
 * One line of `BFCL_v4_<category>.json`. `question` is a list of turns, each a list of
 * messages; single-turn categories use the first turn only, so only it is checked.
 */
export const BfclQuestionLineSchema = z.object({
  id: z.string().min(1),
  question: z.tuple([z.array(QuestionMessageSchema).min(1)], z.unknown()),
  function: z.array(BfclFunctionSchema),
});

/**
 * One line of `possible_answer/BFCL_v4_<category>.json`: `[{function: {param: [allowed…]}}]`.
 * The leaderboard pairs answers with questions by position; `id` is checked when present.
 */
export const BfclAnswerLineSchema = z.object({
  id: z.string().min(1).optional(),
  ground_truth: z
    .array(
      z
        .record(z.string(), z.record(z.string(), z.array(z.unknown())))
        .refine((call) => Object.keys(call).length === 1, "each call names exactly one function"),
    )
    .min(1),
});
