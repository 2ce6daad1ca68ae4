import { z } from "zod";
import { MessageSchema, ToolSpecSchema } from "../../core/index.js";

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
