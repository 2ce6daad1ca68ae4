import { setTimeout as sleepFor } from "node:timers/promises";
import OpenAI from "openai";
import { z } from "zod";
import { ConfigError, createPool, EndpointError } from "../core/index.js";
import { type ChatCompletionResponse, ChatCompletionResponseSchema } from "./chat-completion.js";
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

/** The key sent to a local server when none is given (vLLM, SGLang and Ollama accept any). */
export const LOCAL_API_KEY_PLACEHOLDER = "toolgym-local-no-key";

/**
 * The options of an OpenAI-compatible endpoint, as every caller (the OpenAI policy, the LLM
 * environment builder) takes them; a caller extends the schema with its own and its defaults.
 */
export const EndpointOptionsSchema = z.object({
  model: z.string().min(1),
  /** The API root, e.g. `http://127.0.0.1:8000/v1` for vLLM or `https://api.openai.com/v1`. */
  baseURL: z
    .string()
    .refine((url) => /^https?:\/\//.test(url) && URL.canParse(url), "must be an http(s) URL")
    .transform((url) => url.replace(/\/+$/, "")),
  /** Required unless the base URL is local; the CLI passes OPENAI_API_KEY. */
  apiKey: z.string().min(1).optional(),
  temperature: z.number().min(0).optional(),
  maxTokens: z.number().int().positive().optional(),
  /** Per attempt, whole answer included; a hang past it counts as a failed attempt. */
  timeoutMs: z.number().int().positive().default(120_000),
  /** Attempts after the first, for timeouts, dropped connections, 408, 429, 5xx. */
  maxRetries: z.number().int().nonnegative().default(3),
  /** Requests in flight at once, across everything that uses this endpoint. */
  concurrency: z.number().int().positive().default(16),
  /** Merged last into every request body (e.g. vLLM's `top_k`, `chat_template_kwargs`). */
  extraBody: z.record(z.string(), z.unknown()).default({}),
});
export type EndpointSettings = z.output<typeof EndpointOptionsSchema>;

/** For tests: the backoff sleep and the jitter source. */
export interface EndpointInternals {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export type ChatBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** What one request adds to the endpoint's model, sampling settings and `extraBody`. */
export type ChatRequest = Omit<ChatBody, "model" | "temperature" | "max_tokens">;

/** A completion, or the endpoint failure that ended the attempts (retries spent or not retryable). */
export type ChatOutcome =
  | { response: ChatCompletionResponse }
  | { failure: EndpointFailure; attempts: number };

/** One OpenAI-compatible endpoint, as every toolgym caller uses it. */
export interface Endpoint {
  readonly model: string;
  readonly baseURL: string;
  /**
   * One chat completion: `request` with the endpoint's model, temperature, max_tokens and
   * extraBody (last), at most `concurrency` in flight — the slot held through retries and their
   * backoff, so a struggling server gets fewer requests, not more. Timeouts, dropped connections,
   * 408, 429, 5xx and garbled bodies are retried with backoff (honouring Retry-After); anything
   * else comes back at once. The failure is returned, not thrown, so that a caller can act on a
   * 400 it understands (an unsupported response format) before `error` turns it into an
   * EndpointError; an abort of `signal` rejects with its reason.
   */
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatOutcome>;
  /** The EndpointError that says what failed and what to check. */
  error(outcome: { failure: EndpointFailure; attempts: number }): EndpointError;
}

/**
 * The endpoint of parsed `settings` (`parseOptions(EndpointOptionsSchema or an extension, …)`):
 * an `openai` SDK client with the SDK's own retries off (toolgym's retries give the operator
 * toolgym's failure messages, the same from `eval` and `envs build`); a local server needs no
 * key, a remote one must have one. Nothing is read from the environment (env vars are read at
 * the CLI edge only).
 *
 * @throws ConfigError when a remote base URL comes without an API key
 * @example
 * const endpoint = createEndpoint(parseOptions(EndpointOptionsSchema, { model: "qwen", baseURL }));
 * const outcome = await endpoint.chat({ messages: [{ role: "user", content: "hi" }] });
 * if ("failure" in outcome) throw endpoint.error(outcome);
 */
export function createEndpoint(
  settings: EndpointSettings,
  { sleep = defaultSleep, random = Math.random }: EndpointInternals = {},
): Endpoint {
  const { model, baseURL, timeoutMs, maxRetries, temperature, maxTokens, extraBody } = settings;
  const apiKey = settings.apiKey ?? (isLocalEndpoint(baseURL) ? LOCAL_API_KEY_PLACEHOLDER : "");
  if (apiKey === "") {
    throw new ConfigError(
      "apiKey",
      `${baseURL} is not a local server, so it needs an API key: set OPENAI_API_KEY (or pass apiKey)`,
    );
  }
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
  const context: EndpointContext = { baseURL, model, timeoutMs };
  const slots = createPool(settings.concurrency);

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

  const withRetries = async (body: ChatBody, signal?: AbortSignal): Promise<ChatOutcome> => {
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

  const url = `${baseURL}/chat/completions`;
  return {
    model,
    baseURL,
    chat(request, signal) {
      const body = {
        model,
        ...request,
        ...(temperature === undefined ? {} : { temperature }),
        ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
        ...extraBody,
      } as ChatBody;
      return slots.run(() => withRetries(body, signal), signal);
    },
    error({ failure, attempts }) {
      const { status, cause, detail } = failure;
      return new EndpointError({ url, attempts, status, cause, detail });
    },
  };
}

/**
 * Whether a base URL points at a server on this machine or a private network — where
 * OpenAI-compatible servers (vLLM, SGLang, llama.cpp, Ollama) usually run without an API key.
 *
 * Loopback and private IPv4 ranges, IPv6 loopback and unique-local addresses, `localhost`,
 * `*.local` / `*.internal` / `*.lan` names, and single-label host names (`gpu-box`, a Docker
 * service `vllm`), which cannot be public hosts.
 */
export function isLocalEndpoint(baseURL: string): boolean {
  const host = new URL(baseURL).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host === "0.0.0.0" || host === "::1") return true;
  if (/^(fc|fd)[0-9a-f]{2}:/.test(host)) return true;
  const ipv4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (ipv4) {
    const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (host.includes(":")) return false;
  return !host.includes(".") || /\.(local|internal|lan|localhost)$/.test(host);
}

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await sleepFor(ms, undefined, { signal }).catch(() => signal?.throwIfAborted());
}
