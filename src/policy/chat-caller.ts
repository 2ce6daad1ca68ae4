import { setTimeout as sleepFor } from "node:timers/promises";
import type OpenAI from "openai";
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

// Backoff: the n-th retry waits BASE·2^(n-1), capped, with equal jitter.
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const MAX_RETRY_AFTER_MS = 60_000;

export type { ChatCompletionResponse };

export type ChatBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** A completion, or the endpoint failure that ended the attempts (retries spent or not retryable). */
export type ChatOutcome =
  | { response: ChatCompletionResponse }
  | { failure: EndpointFailure; attempts: number };

export interface ChatCallerOptions {
  client: OpenAI;
  context: EndpointContext;
  maxRetries: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * One chat request with toolgym's retry discipline (shared by the OpenAI policy and the LLM
 * environment builder, so an operator reads the same messages from `eval` and `envs build`): timeouts, dropped connections,
 * 408, 429, 5xx and garbled bodies are retried with backoff (honouring Retry-After); anything
 * else comes back at once. It returns the failure instead of throwing so that the caller can act
 * on a 400 it understands (an unsupported response format) before turning the rest into an
 * EndpointError.
 */
export function createChatCaller(options: ChatCallerOptions) {
  const { client, context, maxRetries, sleep = defaultSleep, random = Math.random } = options;
  const { timeoutMs } = context;

  const attempt = async (
    body: ChatBody,
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

  return async (body: ChatBody, signal?: AbortSignal): Promise<ChatOutcome> => {
    for (let attempts = 1; ; attempts += 1) {
      const outcome = await attempt(body, signal);
      if ("response" in outcome) return outcome;
      const { failure } = outcome;
      if (!failure.retryable || attempts > maxRetries) return { failure, attempts };
      const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempts - 1));
      const jittered = backoff * (0.5 + 0.5 * random());
      await sleep(
        Math.max(jittered, Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)),
        signal,
      );
      signal?.throwIfAborted();
    }
  };
}

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await sleepFor(ms, undefined, { signal }).catch(() => signal?.throwIfAborted());
}
