import { z } from "zod";
import { tryJsonStringify } from "../core/index.js";

/**
 * The part of a chat completion toolgym reads, checked at the network boundary.
 *
 * Lenient where OpenAI-compatible servers are known to differ from OpenAI without being wrong
 * about the meaning: a tool call without an `id` (one is generated), `arguments` sent as a JSON
 * object rather than a string (it is serialized), `usage` left out.
 */
export const CompletionToolCallSchema = z.object({
  id: z.string().nullish(),
  function: z.object({
    name: z.string(),
    arguments: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .nullish()
      // An object nested too deep to write again becomes text that is not JSON, which the
      // environment answers with an error observation like any other malformed arguments.
      .transform((args) =>
        typeof args === "string"
          ? args
          : (tryJsonStringify(args ?? {}) ?? "[arguments nested too deep to write as JSON]"),
      ),
  }),
});

export const CompletionMessageSchema = z.object({
  content: z.string().nullish(),
  tool_calls: z.array(CompletionToolCallSchema).nullish(),
});
export type CompletionMessage = z.infer<typeof CompletionMessageSchema>;

export const ChatCompletionResponseSchema = z.object({
  choices: z
    .array(z.object({ message: CompletionMessageSchema, finish_reason: z.string().nullish() }))
    .min(1, "the completion has no choices"),
  usage: z
    .object({
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      total_tokens: z.number().optional(),
    })
    .nullish(),
});
export type ChatCompletionResponse = z.infer<typeof ChatCompletionResponseSchema>;

/** Token counts as an OpenAI-compatible server reports them in a completion's `usage`. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export const ZERO_USAGE: Readonly<TokenUsage> = Object.freeze({
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
});

/** A completion's usage; undefined when the server reported none. */
export function usageOf(response: ChatCompletionResponse): TokenUsage | undefined {
  const usage = response.usage;
  if (!usage) return undefined;
  const { prompt_tokens: promptTokens, completion_tokens: completionTokens } = usage;
  return {
    promptTokens,
    completionTokens,
    totalTokens: usage.total_tokens ?? promptTokens + completionTokens,
  };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/** The sum of usages kept by name (e.g. per stage of an environment build). */
export function totalUsage(byName: Readonly<Record<string, TokenUsage>>): TokenUsage {
  return Object.values(byName).reduce(addUsage, ZERO_USAGE);
}
