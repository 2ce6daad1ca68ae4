import { z } from "zod";
import { EndpointError, parseOptions } from "../core/index.js";
import { type ChatBody, createChatCaller } from "./chat-caller.js";
import { createEndpointClient } from "./create-endpoint-client.js";
import { nativeToolFormat } from "./native-tool-format.js";
import type { Policy, PolicyResponse } from "./policy.js";
import { createSemaphore } from "./semaphore.js";
import { textToolFormat } from "./text-tool-format.js";
import { TOOL_FORMAT_NAMES, type ToolFormat, type ToolFormatName } from "./tool-format.js";

const toolFormats = {
  native: nativeToolFormat,
  text: textToolFormat,
} satisfies Record<ToolFormatName, ToolFormat>;

export const OpenAIPolicyOptionsSchema = z.object({
  model: z.string().min(1),
  /** The API root, e.g. `http://127.0.0.1:8000/v1` for vLLM or `https://api.openai.com/v1`. */
  baseURL: z
    .string()
    .refine((url) => /^https?:\/\//.test(url) && URL.canParse(url), "must be an http(s) URL")
    .transform((url) => url.replace(/\/+$/, "")),
  /** Required unless the base URL is local; the CLI passes OPENAI_API_KEY. */
  apiKey: z.string().min(1).optional(),
  /** `native`: the API's `tools` / `tool_calls`; `text`: `<tool_call>` blocks in the text. */
  toolFormat: z.enum(TOOL_FORMAT_NAMES),
  temperature: z.number().min(0).optional(),
  maxTokens: z.number().int().positive().optional(),
  /** Per attempt, whole answer included; a hang past it counts as a failed attempt. */
  timeoutMs: z.number().int().positive().default(120_000),
  /** Attempts after the first, for timeouts, dropped connections, 408, 429, 5xx. */
  maxRetries: z.number().int().nonnegative().default(3),
  /** Requests in flight at once, across all act() calls of this policy. */
  concurrency: z.number().int().positive().default(16),
  /** Merged last into every request body (e.g. vLLM's `top_k`, `chat_template_kwargs`). */
  extraBody: z.record(z.string(), z.unknown()).default({}),
});

export type OpenAIPolicyOptions = z.input<typeof OpenAIPolicyOptionsSchema> & {
  /** For tests: the backoff sleep and the jitter source. */
  _internal?: {
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    random?: () => number;
  };
};

/**
 * A policy backed by any OpenAI-compatible chat completions endpoint (OpenAI, vLLM, SGLang,
 * llama.cpp, …), through the `openai` SDK.
 *
 * Endpoint faults are retried with backoff and then reject with an EndpointError that says
 * what to check; whatever the model answers — broken JSON, unknown tools — is returned as is.
 */
export function createOpenAIPolicy(options: OpenAIPolicyOptions): Policy {
  const { _internal = {}, ...rest } = options;
  const settings = parseOptions(OpenAIPolicyOptionsSchema, rest);
  const { model, baseURL, toolFormat, temperature, maxTokens, timeoutMs, maxRetries } = settings;
  const { concurrency, extraBody } = settings;
  const client = createEndpointClient({ baseURL, apiKey: settings.apiKey, timeoutMs });
  const call = createChatCaller({
    client,
    context: { baseURL, model, timeoutMs },
    maxRetries,
    ..._internal,
  });
  const url = `${baseURL}/chat/completions`;
  const slots = createSemaphore(concurrency);
  const format = toolFormats[toolFormat];

  return {
    name: `openai:${model}`,
    // `record` (the gold data) is deliberately never read: a model must not see it. The slot is
    // held through retries and their backoff, so a struggling server gets fewer requests, not more.
    act: ({ messages, tools, signal }) =>
      slots.run(async (): Promise<PolicyResponse> => {
        const wire = format(tools);
        const body = {
          model,
          messages: wire.messages(messages),
          ...(wire.tools === undefined ? {} : { tools: wire.tools }),
          ...(temperature === undefined ? {} : { temperature }),
          ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
          ...extraBody,
        } as ChatBody;
        const outcome = await call(body, signal);
        if ("failure" in outcome) {
          const { status, cause, detail } = outcome.failure;
          throw new EndpointError({ url, attempts: outcome.attempts, status, cause, detail });
        }
        const { response } = outcome;
        const turn = messages.filter((message) => message.role === "assistant").length;
        const message = wire.reply(response.choices[0]!.message, turn);
        const usage = response.usage;
        if (!usage) return { message };
        return {
          message,
          usage: { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens },
        };
      }, signal),
  };
}
