import { z } from "zod";
import { ToolSpecSchema } from "../../core/index.js";
import { WireMessageSchema } from "../wire/wire-message.js";

/**
 * The `/v1/chat/completions` request fields the built-in model honours. Fields of the API it
 * has no use for (`user`, `parallel_tool_calls`, `frequency_penalty`, …) are accepted and
 * ignored, as OpenAI-compatible servers do; ones whose meaning it cannot give are refused by
 * name (`stream`, `top_logprobs` above 0, a forced `tool_choice`).
 */
export const ChatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(WireMessageSchema).min(1),
  tools: z.array(ToolSpecSchema).optional(),
  tool_choice: z
    .union([z.enum(["auto", "none", "required"]), z.looseObject({ type: z.string() })])
    .optional()
    .refine((choice) => choice === undefined || choice === "auto" || choice === "none", {
      message: 'the built-in model supports "auto" and "none" only',
    }),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().gt(0).max(1).nullable().optional(),
  max_tokens: z.number().int().min(1).nullable().optional(),
  max_completion_tokens: z.number().int().min(1).nullable().optional(),
  n: z.number().int().min(1).nullable().optional(),
  stop: z
    .union([z.string().min(1), z.array(z.string().min(1)).max(4)])
    .nullable()
    .optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z
    .number()
    .int()
    .max(0, "the built-in model returns the sampled token's log-prob only (top_logprobs 0)")
    .nullable()
    .optional(),
  seed: z.number().int().nullable().optional(),
  stream: z
    .literal(false, "streaming is not supported by toolgym's model server; leave stream off")
    .nullable()
    .optional(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;
