import { z } from "zod";
import { WireAssistantMessageSchema } from "../wire/wire-message.js";

export const ResetRequestSchema = z
  .object({
    env_id: z.string().min(1).optional(),
    index: z.number().int().nonnegative().optional(),
  })
  .refine((r) => (r.env_id === undefined) !== (r.index === undefined), {
    message: "give exactly one of env_id and index",
    path: ["env_id"],
  });

export const SessionRequestSchema = z.object({ session_id: z.string().min(1) });

/**
 * One assistant turn: an OpenAI assistant message, or the model's raw text in the Hermes/Qwen
 * `<tool_call>` format (what an engine that samples text, like OpenRLHF's agent loop, has).
 */
export const StepRequestSchema = z.object({
  session_id: z.string().min(1),
  message: z.union([z.string(), WireAssistantMessageSchema], {
    error:
      "expected an assistant message {role: 'assistant', content, tool_calls} or the model's text",
  }),
});

export const CallRequestSchema = z.object({
  env_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).default({}),
});
