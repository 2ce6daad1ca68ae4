import { setTimeout as sleepFor } from "node:timers/promises";
import OpenAI from "openai";
import { z } from "zod";
import { ConfigError, EndpointError } from "../core/index.js";
import {
  type ChatCompletionResponse,
  ChatCompletionResponseSchema,
} from "./chat-completion-response.js";
import {
  classifyEndpointFailure,
  type EndpointContext,
  type EndpointFailure,
  malformedResponse,
} from "./endpoint-failure.js";
import { isLocalEndpoint } from "./local-endpoint.js";
import { nativeToolFormat } from "./native-tool-format.js";
import type { Policy, PolicyResponse } from "./policy.js";
import { createSemaphore } from "./semaphore.js";
import { textToolFormat } from "./text-tool-format.js";
import { TOOL_FORMAT_NAMES, type ToolFormat, type ToolFormatName } from "./tool-format.js";

const toolFormats = {
  native: nativeToolFormat,
  text: textToolFormat,
} satisfies Record<ToolFormatName, ToolFormat>;

/** Sent when no key is given and the server is local: vLLM and friends accept any key. */
export const LOCAL_API_KEY_PLACEHOLDER = "toolgym-local-no-key";

// Backoff: the n-th retry waits BASE·2^(n-1), capped, with "equal jitter" (half fixed, half
// random) so parallel episodes that failed together do not retry together.
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const MAX_RETRY_AFTER_MS = 60_000;

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
  const parsed = OpenAIPolicyOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(issue.path.join(".") || "options", issue.message);
  }
  const { model, baseURL, toolFormat, temperature, maxTokens, timeoutMs, maxRetries } = parsed.data;
  const { concurrency, extraBody } = parsed.data;
  const { sleep = defaultSleep, random = Math.random } = _internal;

  const apiKey = parsed.data.apiKey ?? (isLocalEndpoint(baseURL) ? LOCAL_API_KEY_PLACEHOLDER : "");
  if (apiKey === "") {
    throw new ConfigError(
      "apiKey",
      `${baseURL} is not a local server, so it needs an API key: set OPENAI_API_KEY (or pass apiKey)`,
    );
  }
  // Everything the SDK would otherwise read from the environment is passed explicitly: env
  // vars are read at the CLI edge only. Its own retries are off; the loop below does them.
  const client = new OpenAI({
    apiKey,
    baseURL,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: "off",
  });
  const url = `${baseURL}/chat/completions`;
  const context: EndpointContext = { baseURL, model, timeoutMs };
  const slots = createSemaphore(concurrency);
  const format = toolFormats[toolFormat];

  /** One request, bounded by timeoutMs; endpoint faults come back as a failure, not thrown. */
  const attempt = async (
    body: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
    signal: AbortSignal | undefined,
  ): Promise<{ response: ChatCompletionResponse } | { failure: EndpointFailure }> => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", forwardAbort, { once: true });
    try {
      const raw: unknown = await client.chat.completions.create(body, {
        signal: controller.signal,
      });
      const checked = ChatCompletionResponseSchema.safeParse(raw);
      if (checked.success) return { response: checked.data };
      // The SDK hands back a non-JSON body as a string: show its start (a proxy's login page…).
      const reason =
        typeof raw === "string"
          ? `a text body, not JSON: ${JSON.stringify(raw.slice(0, 80))}`
          : checked.error.issues
              .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
              .join("; ");
      return { failure: malformedResponse(reason) };
    } catch (error) {
      signal?.throwIfAborted();
      const failure = classifyEndpointFailure(error, context, timedOut);
      if (failure === undefined) throw error;
      return { failure };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", forwardAbort);
    }
  };

  const complete = async (
    body: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
    signal: AbortSignal | undefined,
  ): Promise<ChatCompletionResponse> => {
    for (let attempts = 1; ; attempts += 1) {
      const outcome = await attempt(body, signal);
      if ("response" in outcome) return outcome.response;
      const { failure } = outcome;
      if (!failure.retryable || attempts > maxRetries) {
        const { status, cause, detail } = failure;
        throw new EndpointError({ url, attempts, status, cause, detail });
      }
      const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempts - 1));
      const jittered = backoff * (0.5 + 0.5 * random());
      await sleep(
        Math.max(jittered, Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)),
        signal,
      );
      signal?.throwIfAborted();
    }
  };

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
        } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
        const response = await complete(body, signal);
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

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await sleepFor(ms, undefined, { signal }).catch(() => signal?.throwIfAborted());
}
