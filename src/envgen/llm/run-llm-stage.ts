import type { z } from "zod";
import { CandidateRejection } from "../stages/candidate-rejection.js";
import type { JsonChatClient } from "./json-chat-client.js";
import { renderStagePrompt, type StagePrompt, stageJsonSchema } from "./prompts/stage-prompt.js";
import type { StageCache } from "./stage-cache.js";

export interface LlmStageDeps {
  client: JsonChatClient;
  /** Undefined: every stage is asked for afresh. */
  cache?: StageCache;
  /** Counts answers served from the cache, per stage. */
  onCacheHit?: (stage: string) => void;
  signal?: AbortSignal;
}

/**
 * Asks one stage's prompt, or serves the cached answer to the same (model, stage, prompt
 * version, input). `check` adds what a schema cannot say (the plan's shape, calls that match the
 * steps); its problems are fed back in the client's one re-ask like schema errors. An answer
 * still unusable after that rejects the candidate (`malformed_response`); endpoint faults throw.
 */
export async function runLlmStage<I, O>(
  options: LlmStageDeps & {
    prompt: StagePrompt<I, O>;
    value: I;
    check?: (output: O) => string[];
  },
): Promise<O> {
  const { prompt, value, check, client, cache, onCacheHit, signal } = options;
  const input = prompt.input(value);
  const schema: z.ZodType<O> = check
    ? prompt.output.superRefine((output, ctx) => {
        for (const message of check(output)) ctx.addIssue({ code: "custom", message });
      })
    : prompt.output;
  const key = { model: client.model, stage: prompt.stage, promptVersion: prompt.version, input };
  const cached = cache?.get(key);
  if (cached !== undefined) {
    const reused = schema.safeParse(cached);
    if (reused.success) {
      onCacheHit?.(prompt.stage);
      return reused.data;
    }
  }
  const result = await client.requestJson({
    stage: prompt.stage,
    messages: renderStagePrompt(prompt, input),
    schema,
    jsonSchema: { name: prompt.schemaName, schema: stageJsonSchema(prompt) },
    ...(signal === undefined ? {} : { signal }),
  });
  if (!result.ok) {
    throw new CandidateRejection({
      stage: prompt.stage,
      reason: "malformed_response",
      detail: result.reason,
    });
  }
  cache?.set(key, result.value);
  return result.value;
}
